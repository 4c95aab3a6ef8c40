package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensCarry256BitsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String token = Tokens.newToken();
            assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(Tokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void storesOnlyAHashThatDiffersFromTheToken() {
        String token = Tokens.newToken();
        assertThat(Tokens.hash(token)).hasSize(64).doesNotContain(token).isEqualTo(Tokens.hash(token));
    }

    @Test
    void rejectsMalformedTokensBeforeTheDatabase() {
        assertThat(Tokens.wellFormed("short")).isFalse();
        assertThat(Tokens.wellFormed("x".repeat(42) + "'")).isFalse();
    }
}
