package org.outgrow.clients;

import java.time.Instant;

/** A client's statement that they have read a version of the practice's expectations statement. */
public record Acknowledgement(int versionNumber, Instant acknowledgedAt) {
}
