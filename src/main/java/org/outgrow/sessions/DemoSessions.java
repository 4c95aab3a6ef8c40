package org.outgrow.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.DemoPracticeCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo episodes' sessions: weekly since each episode opened, mostly attended, the odd
 * cancellation and missed session, and the next two ahead for open episodes.
 */
@Component
class DemoSessions {

    private final Clients clients;
    private final Episodes episodes;
    private final Appointments appointments;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoSessions(Clients clients, Episodes episodes, Appointments appointments, JdbcClient jdbc, Clock clock) {
        this.clients = clients;
        this.episodes = episodes;
        this.appointments = appointments;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    @Order(3)
    void on(DemoPracticeCreated demo) {
        Instant now = clock.instant();
        Instant nextSlot = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
        int seed = 0;
        for (var therapist : demo.therapists()) {
            for (var client : clients.ofTherapist(therapist)) {
                for (Episode episode : episodes.ofClient(client.id())) {
                    Instant end = episode.endedAt() == null ? now : episode.endedAt();
                    Instant slot = episode.openedAt().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
                    for (; slot.isBefore(end); slot = slot.plus(Duration.ofDays(7)), seed++) {
                        String outcome = seed % 11 == 5 ? "CANCELLED_BY_CLIENT" : seed % 13 == 7 ? "DID_NOT_ATTEND"
                                : "ATTENDED";
                        record(appointments.schedule(episode.id(), slot, 50, episode.openedAt()), outcome, slot);
                    }
                    if (episode.state().open() && episode.state() != EpisodeState.INTAKE) {
                        appointments.schedule(episode.id(), nextSlot, 50, now);
                        appointments.schedule(episode.id(), nextSlot.plus(Duration.ofDays(7)), 50, now);
                    }
                    nextSlot = nextSlot.plus(Duration.ofHours(1));
                }
            }
        }
    }

    private void record(java.util.UUID appointment, String outcome, Instant at) {
        jdbc.sql("update appointment set attendance = ?, recorded_at = ? where id = ?")
                .params(outcome, Timestamp.from(at.plus(Duration.ofHours(1))), appointment).update();
    }
}
