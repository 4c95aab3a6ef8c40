package org.outgrow.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.outgrow.clients.Client;
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
    private final JointWork joint;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoSessions(Clients clients, Episodes episodes, Appointments appointments, JointWork joint, JdbcClient jdbc,
                 Clock clock) {
        this.clients = clients;
        this.episodes = episodes;
        this.appointments = appointments;
        this.joint = joint;
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
                    if (client.displayName().equals("Robin Hale")) {
                        jointWork(episode, now);
                    }
                }
            }
        }
    }

    /** Robin prepared the next session, tried the agreed experiment twice and proposed a task of their own. */
    private void jointWork(Episode robin, Instant now) {
        appointments.ofEpisode(robin.id()).stream()
                .filter(appointment -> appointment.attendance() == Appointment.Attendance.SCHEDULED).findFirst()
                .ifPresent(next -> joint.savePreparation(next.id(), robin.id(),
                        "The team meeting where I said yes to the weekend shift again.",
                        "Two good nights of sleep; one bad one after a call with my manager.", null, now));
        UUID sayNo = joint.addTask(robin.id(), "Say no to one small request this week and notice what happens",
                JointWork.ProposedBy.TOGETHER, robin.therapistId(), now.minus(Duration.ofDays(6)));
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        joint.logAttempt(sayNo, today.minusDays(4), 4, "My colleague just asked someone else. I felt guilty for an hour.",
                now.minus(Duration.ofDays(4)));
        joint.logAttempt(sayNo, today.minusDays(1), 7, "Easier the second time.", now.minus(Duration.ofDays(1)));
        joint.addTask(robin.id(), "Write down the thoughts that keep me awake before going to bed",
                JointWork.ProposedBy.CLIENT, clients.find(robin.clientId()).map(Client::accountId).orElseThrow(),
                now.minus(Duration.ofDays(6)));
    }

    private void record(java.util.UUID appointment, String outcome, Instant at) {
        jdbc.sql("update appointment set attendance = ?, recorded_at = ? where id = ?")
                .params(outcome, Timestamp.from(at.plus(Duration.ofHours(1))), appointment).update();
    }
}
