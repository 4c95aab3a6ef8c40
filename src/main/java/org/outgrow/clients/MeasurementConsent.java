package org.outgrow.clients;

import java.time.Instant;

/**
 * A client's decision about routine outcome measurement, given or withdrawn at a moment. Only the
 * client makes it; each decision is kept, so the history shows what held when.
 */
public record MeasurementConsent(boolean given, Instant recordedAt) {
}
