package org.outgrow.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.PracticeId;

/**
 * A person's sign-in identity within one practice, with the state that protects it: failed
 * attempts, lockout, second factor and the moment before which sessions no longer count.
 */
record Account(UUID id, PracticeId practice, String email, String displayName, Set<Role> roles,
               @Nullable String passwordHash, byte @Nullable [] totpSecret, long totpLastStep, boolean mfaExempt,
               int failedLogins, @Nullable Instant lockedUntil, @Nullable Instant disabledAt,
               Instant sessionsValidAfter, @Nullable Locale language) {

    static final int FREE_FAILURES = 4;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

    /** Staff must present a second factor; demo staff are exempt so the demo opens in one step. */
    boolean needsSecondFactor() {
        return roles.stream().anyMatch(Role::staff) && !mfaExempt;
    }

    boolean locked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    boolean disabled() {
        return disabledAt != null;
    }

    /**
     * After the fifth consecutive failure the account locks for 30 seconds, doubling with each
     * further failure up to 15 minutes. That bounds guessing to a dozen or so attempts an hour,
     * while the owner can always get in through an e-mailed link or an administrator.
     */
    static @Nullable Instant lockAfter(int failures, Instant now) {
        if (failures <= FREE_FAILURES) {
            return null;
        }
        long seconds = FIRST_LOCK.toSeconds() << Math.min(failures - FREE_FAILURES - 1, 10);
        return now.plus(Duration.ofSeconds(Math.min(seconds, LONGEST_LOCK.toSeconds())));
    }

    OutgrowUser user() {
        return new OutgrowUser(id, practice, displayName, roles);
    }
}
