package org.outgrow.supervision;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.DemoPracticeCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Priya's therapist has brought her case, not on track, to the demo supervisor with a question. */
@Component
class DemoSupervision {

    private final Clients clients;
    private final Episodes episodes;
    private final CaseSummaries summaries;
    private final SupervisionRequests requests;
    private final SupervisionWork work;
    private final Clock clock;

    DemoSupervision(Clients clients, Episodes episodes, CaseSummaries summaries, SupervisionRequests requests,
                    SupervisionWork work, Clock clock) {
        this.work = work;
        this.clients = clients;
        this.episodes = episodes;
        this.summaries = summaries;
        this.requests = requests;
        this.clock = clock;
    }

    @EventListener
    @Order(6) // after the demo measures, which decide whether Priya is on track
    void on(DemoPracticeCreated demo) {
        for (var therapist : demo.therapists()) {
            for (Client client : clients.ofTherapist(therapist)) {
                if (client.displayName().equals("Priya Natarajan")) {
                    Episode episode = episodes.ofClient(client.id()).getFirst();
                    CaseSummaries.Summary summary = summaries.of(episode, client, Locale.ENGLISH);
                    UUID request = requests.bring(episode.id(), therapist, demo.supervisor(), CaseSummaries.deidentify(
                            "Priya's scores have not moved in twelve sessions and her last session feedback dropped."
                                    + " I notice I work harder each week. What am I not seeing?", client),
                            summary.text(), summary.notOnTrack(), clock.instant());
                    work.bringReviewsAwaitingSignOff(request, episode.id(), client, Locale.ENGLISH);
                }
            }
        }
    }
}
