package org.outgrow.notes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A progress note with its addenda: a draft until signed, then final. */
public record ProgressNote(UUID id, UUID episodeId, @Nullable UUID appointmentId, UUID authorId, String authorName,
                           String body, boolean signed, int version, Instant createdAt, Instant updatedAt,
                           @Nullable Instant signedAt, List<Addendum> addenda) {

    public record Addendum(String authorName, String body, Instant addedAt) {
    }
}
