package org.outgrow.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AppointmentTest {

    private final Instant starts = Instant.parse("2026-11-24T09:00:00Z");
    private final Appointment scheduled = new Appointment(UUID.randomUUID(), UUID.randomUUID(), starts, 50,
            Appointment.Attendance.SCHEDULED, null, 0);

    @Test
    void attendanceWaitsForTheSessionButACancellationDoesNot() {
        assertThatThrownBy(() -> scheduled.record(Appointment.Attendance.ATTENDED, starts.minusSeconds(60)))
                .isInstanceOf(SessionRuleViolation.class);
        assertThatThrownBy(() -> scheduled.record(Appointment.Attendance.DID_NOT_ATTEND, starts.minusSeconds(60)))
                .isInstanceOf(SessionRuleViolation.class);
        assertThat(scheduled.record(Appointment.Attendance.CANCELLED_BY_CLIENT, starts.minusSeconds(3600))
                .attendance()).isEqualTo(Appointment.Attendance.CANCELLED_BY_CLIENT);
        assertThat(scheduled.record(Appointment.Attendance.ATTENDED, starts).attendance())
                .isEqualTo(Appointment.Attendance.ATTENDED);
    }

    @Test
    void anOutcomeMustBeChosen() {
        assertThatThrownBy(() -> scheduled.record(Appointment.Attendance.SCHEDULED, starts))
                .isInstanceOf(SessionRuleViolation.class);
    }
}
