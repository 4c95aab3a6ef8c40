package org.outgrow.clients;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A client asked for their records to be erased; published inside the transaction that restricts
 * the record. Each module closes what it holds open for the client (questionnaire links, calendar
 * feeds) and may refuse with {@link ErasureRefused} while something must be finished first (an open
 * episode, an open alert). A replay, after a backup was restored, is never refused.
 */
public record ClientErasureRequested(UUID clientId, @Nullable UUID accountId, boolean replay) {
}
