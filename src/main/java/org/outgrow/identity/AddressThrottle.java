package org.outgrow.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits sign-in attempts (password, code or link requests) per network address, against password
 * spraying across many accounts. Per-node and in memory: with several nodes the limit multiplies
 * by their number, which still bounds an attacker; per-account lockout is in the database.
 */
@Component
class AddressThrottle {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;
    private final int attempts;
    private final Duration period;

    AddressThrottle(Clock clock, @Value("${outgrow.throttle.address.attempts:30}") int attempts,
                    @Value("${outgrow.throttle.address.period:10m}") Duration period) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.attempts = attempts;
        this.period = period;
    }

    boolean tryAcquire(String address) {
        if (buckets.size() > 100_000) {
            buckets.clear(); // bounded memory under a flood of addresses
        }
        return buckets.computeIfAbsent(address, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(attempts).refillGreedy(attempts, period).build())
                .withCustomTimePrecision(time)
                .build()).tryConsume(1);
    }
}
