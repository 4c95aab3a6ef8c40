package org.outgrow.measurement;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A questionnaire asked of a client, with the answers saved so far while it is open. */
public record MeasureRequest(UUID id, UUID episodeId, UUID clientId, String instrument, Occasion occasion,
                             State state, Instant createdAt, Instant dueAt, Instant expiresAt,
                             @Nullable Instant answeredAt, @Nullable Instant linkSentAt,
                             Map<String, Integer> draft) {

    public enum State { OPEN, ANSWERED, EXPIRED, CANCELLED }

    public boolean open() {
        return state == State.OPEN;
    }

    /** Open and not expired: an answer may still close it. */
    public boolean answerable(Instant now) {
        return state == State.OPEN && expiresAt.isAfter(now);
    }

    public boolean overdue(Instant now) {
        return state == State.OPEN && now.isAfter(dueAt);
    }
}
