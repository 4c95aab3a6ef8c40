package org.outgrow.shared;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates identifiers in Java (time-ordered UUIDv7, so indexes stay compact) rather than in the
 * database, which keeps the code independent of newer PostgreSQL functions. Within one process the
 * ids only ever increase, even for many made in the same millisecond (RFC 9562 §6.2, method 1: the
 * 12 bits after the timestamp count up), so ids made in a loop sort in the order they were made.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The last id's milliseconds and counter, as {@code millis << 12 | counter}. */
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {
    }

    public static UUID next() {
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() << 12));
        long millis = stamp >>> 12;
        long counter = stamp & 0xfff;
        long high = (millis << 16) | 0x7000L | counter;
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
