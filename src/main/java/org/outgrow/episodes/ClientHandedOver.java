package org.outgrow.episodes;

import java.util.UUID;

/**
 * A client, with every episode of theirs, is now in another therapist's care. Published inside the
 * handover's transaction, so that what the previous therapist was to act on (open alerts) moves
 * with it or not at all.
 */
public record ClientHandedOver(UUID clientId, UUID from, UUID to) {
}
