package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordHashingTest {

    private final PasswordEncoder encoder = new PasswordHashing().passwordEncoder();

    @Test
    void usesArgon2idWithOwaspParametersAndAFreshSaltEachTime() {
        String first = encoder.encode("the same password");
        String second = encoder.encode("the same password");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[4]).as("salt").isNotEqualTo(second.split("\\$")[4]);
    }

    @Test
    void verifiesEveryCharacterWithoutTruncation() {
        String password = "p".repeat(72) + "the tail matters too";
        String hash = encoder.encode(password);
        assertThat(encoder.matches(password, hash)).isTrue();
        assertThat(encoder.matches("p".repeat(72) + "a different tail!!!!", hash)).isFalse();
        assertThat(encoder.matches(password.toUpperCase(), hash)).isFalse();
    }
}
