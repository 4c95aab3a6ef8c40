package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** The SHA-1 secret of RFC 6238 appendix B, "12345678901234567890". */
    private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
            "2000000000, 279037", "20000000000, 353130"})
    void matchesTheTestVectorsOfRfc6238(long seconds, String code) {
        // RFC 6238 lists eight digits; six-digit codes are the last six of them.
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(seconds))).isEqualTo(code);
    }

    @Test
    void acceptsTheCurrentStepAndOneEitherSideOnly() {
        String secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        assertThat(Totp.verify(secret, Totp.code(secret, now), now)).isPresent();
        assertThat(Totp.verify(secret, Totp.code(secret, now.minusSeconds(30)), now)).isPresent();
        assertThat(Totp.verify(secret, Totp.code(secret, now.minusSeconds(61)), now)).isEmpty();
        assertThat(Totp.verify(secret, Totp.code(secret, now.plusSeconds(61)), now)).isEmpty();
    }

    @Test
    void rejectsCodesThatAreNotSixDigits() {
        String secret = Totp.newSecret();
        assertThat(Totp.verify(secret, "12345", Instant.now())).isEmpty();
        assertThat(Totp.verify(secret, "abcdef", Instant.now())).isEmpty();
    }

    @Test
    void base32RoundTrips() {
        byte[] bytes = {0, 1, 2, (byte) 250, 127, 64, 33, 9, 10, 11};
        assertThat(Totp.decode(Totp.base32(bytes))).containsExactly(bytes);
    }
}
