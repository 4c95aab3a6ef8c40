package org.outgrow.sessions;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduling appointments and recording attendance. Who may touch an episode is the episodes
 * module's rule; this asks it, then does its own part and audits it.
 */
@Service
class SessionWork {

    private final EpisodeWork episodes;
    private final Appointments appointments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SessionWork(EpisodeWork episodes, Appointments appointments, ApplicationEventPublisher events, Clock clock) {
        this.episodes = episodes;
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    void schedule(UUID episodeId, LocalDate date, LocalTime time, int minutes, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (!episode.state().open()) {
            throw new SessionRuleViolation("appointment.rule.episodeClosed");
        }
        if (minutes < 10 || minutes > 240) {
            throw new SessionRuleViolation("appointment.rule.minutes");
        }
        UUID id = appointments.schedule(episodeId, date.atTime(time).atZone(zone()).toInstant(), minutes,
                clock.instant());
        events.publishEvent(AuditEvent.write("APPOINTMENT_SCHEDULED", "appointment", id, episode.clientId()));
    }

    @Transactional
    void recordAttendance(UUID episodeId, UUID appointmentId, Appointment.Attendance outcome, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        Appointment appointment = appointments.ofEpisode(episodeId).stream()
                .filter(candidate -> candidate.id().equals(appointmentId)).findFirst()
                .orElseThrow(() -> new SessionRuleViolation("appointment.rule.unknown"));
        appointments.update(appointment.record(outcome, clock.instant()), clock.instant());
        events.publishEvent(AuditEvent.write("ATTENDANCE_" + outcome.name(), "appointment", appointmentId,
                episode.clientId()));
    }

    @Transactional(readOnly = true)
    Episode episodeOfTherapist(UUID episodeId, OutgrowUser therapist) {
        return episodes.forTherapist(episodeId, therapist);
    }

    @Transactional(readOnly = true)
    List<Appointment> ofEpisode(UUID episodeId) {
        return appointments.ofEpisode(episodeId);
    }

    /** The client's own appointments across their episodes. */
    @Transactional(readOnly = true)
    List<Appointment> ofClient(OutgrowUser client) {
        List<Episode> own = episodes.ofClientAccount(client);
        own.stream().findFirst().ifPresent(episode -> events.publishEvent(AuditEvent.read("SESSIONS_VIEWED_BY_CLIENT",
                "episode", episode.id(), episode.clientId())));
        return appointments.ofEpisodes(own.stream().map(Episode::id).toList());
    }

    ZoneId zone() {
        return episodes.zone();
    }

    java.time.Instant now() {
        return clock.instant();
    }
}
