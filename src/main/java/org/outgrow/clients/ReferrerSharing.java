package org.outgrow.clients;

import java.time.Instant;

/**
 * A client's decision about their therapist giving a progress report to whoever referred them,
 * given or withdrawn at a moment. Only the client makes it; each decision is kept.
 */
public record ReferrerSharing(boolean given, Instant recordedAt) {
}
