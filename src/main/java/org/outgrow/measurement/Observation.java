package org.outgrow.measurement;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One scored response in an episode: when it was given, the session it belongs to (none for a
 * response given between sessions, such as an intake form before the first appointment), and its
 * {@link Score}, which may be incomplete.
 */
public record Observation(Instant at, @Nullable Integer session, Score score) {
}
