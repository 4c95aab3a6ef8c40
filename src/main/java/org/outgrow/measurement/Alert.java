package org.outgrow.measurement;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Something the therapist must look at; open until its owner resolves it with a note. */
public record Alert(UUID id, UUID episodeId, UUID clientId, Kind kind, @Nullable String instrument, UUID ownerId,
                    boolean open, Instant openedAt, @Nullable Instant resolvedAt, @Nullable String resolution) {

    /** In order of urgency. */
    public enum Kind { RISK, NOT_ON_TRACK, DETERIORATION, ALLIANCE_DROP, DRIFT, OVERDUE }
}
