package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class AgreementTermsTest {

    private final LocalDate today = LocalDate.parse("2026-11-23");

    @Test
    void completeTermsHaveNoProblems() {
        assertThat(new AgreementTerms(12, null, "weekly", 6, "be on time", "bring what matters").problems(today))
                .isEmpty();
        assertThat(new AgreementTerms(null, today.plusMonths(4), "weekly", 6, "a", "b").problems(today)).isEmpty();
    }

    @Test
    void namesEveryFieldThatNeedsAttention() {
        assertThat(new AgreementTerms(null, null, " ", 0, "", "").problems(today))
                .extracting(problem -> problem[0])
                .containsExactly("plannedSessions", "reviewEverySessions", "frequency", "therapistCommits",
                        "clientCommits");
        assertThat(new AgreementTerms(500, today.minusDays(1), "weekly", 6, "a", "b").problems(today))
                .extracting(problem -> problem[1])
                .containsExactly("agreement.rule.sessionsRange", "agreement.rule.endInPast");
    }
}
