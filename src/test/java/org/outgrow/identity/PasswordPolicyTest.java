package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @CsvSource({"7, true, password.tooShort.withSecondFactor", "8, true, ", "14, false, password.tooShort", "15, false, ",
            "64, false, ", "128, false, ", "129, false, password.tooLong"})
    void lengthDependsOnWhetherASecondFactorProtectsTheAccount(int length, boolean secondFactor, String problem) {
        String password = "k".repeat(length - 1) + "z";
        assertThat(policy.problem(password, secondFactor).orElse(null)).isEqualTo(problem);
    }

    @Test
    void countsCharactersNotBytesAndAcceptsAnyCharacters() {
        assertThat(policy.problem("🌱".repeat(64), false)).isEmpty();
        assertThat(policy.problem("ääääääääääääääää", false)).isEmpty();
        assertThat(policy.problem("a few plain words", false)).isEmpty();
        assertThat(policy.problem("🌱".repeat(14), false)).contains("password.tooShort");
    }

    @Test
    void rejectsCommonPasswordsWhateverTheirCase() {
        assertThat(policy.problem("password", true)).contains("password.common");
        assertThat(policy.problem("PassWord1", true)).contains("password.common");
        assertThat(policy.problem("qwertyuiop", true)).contains("password.common");
    }

    @Test
    void hasNoCompositionRules() {
        assertThat(policy.problem("alllowercaseletters", false)).isEmpty();
    }
}
