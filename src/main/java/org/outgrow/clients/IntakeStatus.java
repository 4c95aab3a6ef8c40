package org.outgrow.clients;

import org.jspecify.annotations.Nullable;

/**
 * Where a client stands with the intake steps only they can take: the latest expectations statement
 * they acknowledged against the one the practice publishes now, and their measurement consent.
 */
public record IntakeStatus(@Nullable Integer currentVersion, @Nullable Acknowledgement acknowledged,
                           @Nullable MeasurementConsent consent) {

    /** The practice has a version this client has not yet acknowledged. */
    public boolean expectationsPending() {
        return currentVersion != null && (acknowledged == null || acknowledged.versionNumber() != currentVersion);
    }
}
