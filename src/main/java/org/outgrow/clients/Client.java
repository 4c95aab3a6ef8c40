package org.outgrow.clients;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A client of the practice: the fewest identifiers that let the practice work with them. The
 * e-mail address is optional; without it there is no portal access.
 */
public record Client(UUID id, String displayName, @Nullable String email, @Nullable UUID accountId,
                     @Nullable UUID therapistId) {
}
