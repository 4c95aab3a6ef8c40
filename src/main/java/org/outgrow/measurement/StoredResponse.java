package org.outgrow.measurement;

import java.time.Instant;
import java.util.UUID;

/** A response as stored: when it was given, at which point of the episode, and its score. */
public record StoredResponse(UUID id, UUID episodeId, String instrument, Instant answeredAt, int sessionNumber,
                             Source source, Score score) {

    public enum Source { PORTAL, LINK, IN_ROOM, IMPORT, FHIR }
}
