package org.outgrow.sessions;

import java.time.LocalDate;
import java.time.LocalTime;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;

/** A new appointment as the therapist types it, in the practice's time zone. */
record AppointmentForm(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
                       @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) @Nullable LocalTime time,
                       @Nullable Integer minutes) {

    static AppointmentForm empty() {
        return new AppointmentForm(null, null, 50);
    }
}
