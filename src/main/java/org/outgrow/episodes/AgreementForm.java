package org.outgrow.episodes;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;

/** The agreement as typed by the therapist (with the client, in the room). */
record AgreementForm(@Nullable Integer plannedSessions,
                     @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate plannedEnd,
                     @Nullable String frequency, @Nullable Integer reviewEverySessions,
                     @Nullable String therapistCommits, @Nullable String clientCommits, @Nullable String reason) {

    static AgreementForm from(Episodes.@Nullable AgreementVersion current) {
        if (current == null) {
            return new AgreementForm(12, null, "", 6, "", "", "");
        }
        return new AgreementForm(current.plannedSessions(), current.plannedEnd(), current.frequency(),
                current.reviewEverySessions(), current.therapistCommits(), current.clientCommits(), "");
    }

    AgreementTerms terms() {
        return new AgreementTerms(plannedSessions, plannedEnd, text(frequency),
                reviewEverySessions == null ? 0 : reviewEverySessions, text(therapistCommits), text(clientCommits));
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }
}
