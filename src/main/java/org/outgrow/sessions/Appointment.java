package org.outgrow.sessions;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A planned meeting of an episode and, once it has happened or not, its attendance. Attended
 * sessions are numbered within the episode (session 1, 2, ...); the number is derived, not stored.
 */
public record Appointment(UUID id, UUID episodeId, Instant startsAt, int minutes, Attendance attendance,
                          @Nullable Integer number, int version) {

    public enum Attendance {
        SCHEDULED, ATTENDED, CANCELLED_BY_CLIENT, CANCELLED_BY_THERAPIST, DID_NOT_ATTEND;

        boolean recorded() {
            return this != SCHEDULED;
        }
    }

    /** Attendance is recorded once the session's time has come; cancellations can be recorded before. */
    Appointment record(Attendance outcome, Instant now) {
        boolean cancellation = outcome == Attendance.CANCELLED_BY_CLIENT || outcome == Attendance.CANCELLED_BY_THERAPIST;
        if (outcome == Attendance.SCHEDULED) {
            throw new SessionRuleViolation("appointment.rule.chooseOutcome");
        }
        if (!cancellation && now.isBefore(startsAt)) {
            throw new SessionRuleViolation("appointment.rule.notYet");
        }
        return new Appointment(id, episodeId, startsAt, minutes, outcome, number, version);
    }
}
