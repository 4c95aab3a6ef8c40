package org.outgrow.notes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.DemoPracticeCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's notes: a signed progress note with an addendum and a draft for Robin, and for Priya a
 * withdrawal rupture, partly repaired. Tags of relational dynamics and process notes are visible
 * only to their author's own signed-in context, which the demo's one seeding transaction cannot
 * take on, so the demo has none: a therapist adds them in a few clicks.
 */
@Component
class DemoNotes {

    private final Clients clients;
    private final Episodes episodes;
    private final ProgressNotes notes;
    private final Dynamics dynamics;
    private final Clock clock;

    DemoNotes(Clients clients, Episodes episodes, ProgressNotes notes, Dynamics dynamics, Clock clock) {
        this.clients = clients;
        this.episodes = episodes;
        this.notes = notes;
        this.dynamics = dynamics;
        this.clock = clock;
    }

    @EventListener
    @Order(5)
    void on(DemoPracticeCreated demo) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        for (var therapist : demo.therapists()) {
            for (Client client : clients.ofTherapist(therapist)) {
                Episode episode = episodes.ofClient(client.id()).getFirst();
                if (client.displayName().equals("Robin Hale")) {
                    var signed = notes.draft(episode.id(), null, therapist, "Robin described saying no to a weekend"
                            + " shift for the first time; anxious beforehand, relieved after. We looked at the guilt"
                            + " that followed and where it comes from.", now.minus(Duration.ofDays(7)));
                    notes.sign(episode.id(), signed, 0, now.minus(Duration.ofDays(7)));
                    notes.addendum(signed, therapist, "Robin wrote the next day that the guilt had passed by evening.",
                            now.minus(Duration.ofDays(6)));
                    notes.draft(episode.id(), null, therapist, "Sleep better this week. To continue: the rumination"
                            + " diary.", now.minus(Duration.ofHours(20)));
                }
                if (client.displayName().equals("Priya Natarajan")) {
                    dynamics.rupture(episode.id(), today.minusWeeks(1), Dynamics.NoticedBy.THERAPIST,
                            Dynamics.Kind.WITHDRAWAL, Dynamics.Repair.PARTLY, "Named that she went quiet after I"
                                    + " suggested a task; she said it felt like homework from school.", therapist, now);
                }
            }
        }
    }
}
