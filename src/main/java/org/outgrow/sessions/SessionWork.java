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
    private final JointWork joint;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SessionWork(EpisodeWork episodes, Appointments appointments, JointWork joint, ApplicationEventPublisher events,
                Clock clock) {
        this.episodes = episodes;
        this.appointments = appointments;
        this.joint = joint;
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
                .orElseThrow(EpisodeWork.NotYours::new);
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

    // --- preparation and between-session work -------------------------------------------------

    /** What the therapist sees of the joint work: the client's preparations, the tasks with their log, the indicators. */
    record Joint(List<JointWork.Preparation> preparations, List<JointWork.Task> tasks, AgencyIndicators indicators) {

        public JointWork.@org.jspecify.annotations.Nullable Preparation preparationFor(UUID appointmentId) {
            return preparations.stream().filter(preparation -> preparation.appointmentId().equals(appointmentId))
                    .findFirst().orElse(null);
        }
    }

    @Transactional(readOnly = true)
    Joint joint(UUID episodeId) {
        List<JointWork.Preparation> preparations = joint.preparationsOf(episodeId);
        List<JointWork.Task> tasks = joint.tasksOf(List.of(episodeId));
        return new Joint(preparations, tasks,
                AgencyIndicators.of(appointments.ofEpisode(episodeId), preparations, tasks));
    }

    @Transactional
    void addTask(UUID episodeId, String description, JointWork.ProposedBy proposedBy, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        UUID id = joint.addTask(episodeId, task(description), proposedBy, therapist.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("TASK_AGREED", "between_session_task", id, episode.clientId()));
    }

    @Transactional
    void setTaskState(UUID episodeId, UUID taskId, JointWork.TaskState state, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (!joint.setState(episodeId, taskId, state)) {
            throw new EpisodeWork.NotYours();
        }
        events.publishEvent(AuditEvent.write("TASK_" + state.name(), "between_session_task", taskId,
                episode.clientId()));
    }

    /** The client's own upcoming appointment and their preparation for it, if any. */
    record Preparing(Appointment appointment, JointWork.@org.jspecify.annotations.Nullable Preparation preparation) {
    }

    @Transactional(readOnly = true)
    Preparing preparing(UUID appointmentId, OutgrowUser client) {
        Appointment appointment = ownAppointment(appointmentId, client);
        return new Preparing(appointment, joint.preparation(appointmentId).orElse(null));
    }

    @Transactional
    void prepare(UUID appointmentId, String bring, String since, @org.jspecify.annotations.Nullable Integer version,
                 OutgrowUser client) {
        Appointment appointment = ownAppointment(appointmentId, client);
        if (appointment.attendance() != Appointment.Attendance.SCHEDULED
                || !clock.instant().isBefore(appointment.startsAt())) {
            throw new SessionRuleViolation("preparation.rule.past");
        }
        if (bring.length() > 4000 || since.length() > 4000) {
            throw new SessionRuleViolation("preparation.rule.length");
        }
        if (bring.isBlank() && since.isBlank()) {
            throw new SessionRuleViolation("preparation.rule.empty");
        }
        if (!joint.savePreparation(appointmentId, appointment.episodeId(), blankToNull(bring), blankToNull(since),
                version, clock.instant())) {
            throw new SessionRuleViolation("preparation.rule.changed");
        }
        events.publishEvent(AuditEvent.write("SESSION_PREPARED", "appointment", appointmentId,
                episodes.forClient(appointment.episodeId(), client).clientId()));
    }

    /** The client's tasks across their episodes, with the episodes they may propose in. */
    record ClientTasks(List<JointWork.Task> tasks, List<Episode> openEpisodes, List<AgencyIndicators> indicators) {
    }

    @Transactional(readOnly = true)
    ClientTasks tasksOf(OutgrowUser client) {
        List<Episode> own = episodes.ofClientAccount(client);
        List<JointWork.Task> tasks = joint.tasksOf(own.stream().map(Episode::id).toList());
        List<Episode> open = own.stream().filter(episode -> episode.state().open()).toList();
        return new ClientTasks(tasks, open, open.stream().map(episode -> AgencyIndicators.of(
                appointments.ofEpisode(episode.id()), joint.preparationsOf(episode.id()),
                tasks.stream().filter(task -> task.episodeId().equals(episode.id())).toList())).toList());
    }

    @Transactional
    void proposeTask(UUID episodeId, String description, OutgrowUser client) {
        Episode episode = episodes.forClient(episodeId, client);
        if (!episode.state().open()) {
            throw new SessionRuleViolation("task.rule.episodeClosed");
        }
        UUID id = joint.addTask(episodeId, task(description), JointWork.ProposedBy.CLIENT, client.accountId(),
                clock.instant());
        events.publishEvent(AuditEvent.write("TASK_PROPOSED_BY_CLIENT", "between_session_task", id,
                episode.clientId()));
    }

    @Transactional
    void logAttempt(UUID taskId, java.time.@org.jspecify.annotations.Nullable LocalDate on,
                    @org.jspecify.annotations.Nullable Integer went, String learned, OutgrowUser client) {
        JointWork.Task task = tasksOf(client).tasks().stream().filter(candidate -> candidate.id().equals(taskId))
                .findFirst().orElseThrow(EpisodeWork.NotYours::new);
        if (on == null || went == null) {
            throw new SessionRuleViolation("task.rule.attempt");
        }
        if (went < 0 || went > 10) {
            throw new SessionRuleViolation("task.rule.went");
        }
        if (learned.length() > 4000) {
            throw new SessionRuleViolation("task.rule.length");
        }
        if (on.isAfter(LocalDate.ofInstant(clock.instant(), zone()))) {
            throw new SessionRuleViolation("task.rule.future");
        }
        joint.logAttempt(taskId, on, went, blankToNull(learned), clock.instant());
        events.publishEvent(AuditEvent.write("TASK_ATTEMPT_LOGGED", "between_session_task", taskId,
                episodes.forClient(task.episodeId(), client).clientId()));
    }

    private Appointment ownAppointment(UUID appointmentId, OutgrowUser client) {
        List<UUID> own = episodes.ofClientAccount(client).stream().map(Episode::id).toList();
        return appointments.ofEpisodes(own).stream().filter(appointment -> appointment.id().equals(appointmentId))
                .findFirst().orElseThrow(EpisodeWork.NotYours::new);
    }

    private static String task(String description) {
        String task = description.strip();
        if (task.isEmpty() || task.length() > 2000) {
            throw new SessionRuleViolation("task.rule.description");
        }
        return task;
    }

    private static @org.jspecify.annotations.Nullable String blankToNull(String text) {
        return text.isBlank() ? null : text.strip();
    }

    ZoneId zone() {
        return episodes.zone();
    }

    java.time.Instant now() {
        return clock.instant();
    }
}
