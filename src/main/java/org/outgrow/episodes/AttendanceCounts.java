package org.outgrow.episodes;

import java.util.UUID;

/**
 * How many sessions of an episode were attended. Appointments belong to the sessions module,
 * which implements this; reviews and drift need the number.
 */
public interface AttendanceCounts {

    int attended(UUID episodeId);

    /** How many attended sessions began after the given moment. */
    int attendedSince(UUID episodeId, java.time.Instant after);

    /** When the last attended session began, if there was one. */
    java.util.Optional<java.time.Instant> lastAttended(UUID episodeId);
}
