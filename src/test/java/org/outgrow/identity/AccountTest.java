package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AccountTest {

    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void locksFromTheFifthFailureDoublingUpToFifteenMinutes() {
        assertThat(Account.lockAfter(4, now)).isNull();
        assertThat(Account.lockAfter(5, now)).isEqualTo(now.plus(Duration.ofSeconds(30)));
        assertThat(Account.lockAfter(6, now)).isEqualTo(now.plus(Duration.ofSeconds(60)));
        assertThat(Account.lockAfter(9, now)).isEqualTo(now.plus(Duration.ofSeconds(480)));
        assertThat(Account.lockAfter(10, now)).isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat(Account.lockAfter(500, now)).isEqualTo(now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void boundsGuessingToFarFewerThanAHundredAttemptsAnHour() {
        Instant clock = now;
        int failures = 0;
        while (clock.isBefore(now.plus(Duration.ofHours(1)))) {
            failures++;
            Instant lock = Account.lockAfter(failures, clock);
            clock = lock == null ? clock.plusSeconds(1) : lock;
        }
        assertThat(failures).isLessThan(20);
    }
}
