package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NHS Talking Therapies paired classification with PHQ-9 (caseness 10, reliable change 6) and
 * GAD-7 (caseness 8, reliable change 4).
 */
class PairedOutcomeTest {

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");
    private final Instrument gad7 = InstrumentLibrary.load().get("gad-7");

    @ParameterizedTest(name = "PHQ-9 {0}→{2}, GAD-7 {1}→{3}, {4} sessions")
    @CsvSource({
            // phq first, gad first, phq last, gad last, sessions: finished, eligible, recovered, improvement, deterioration, reliable recovery, no change
            "18, 12,  8,  6, 5, true,  true,  true,  true,  false, true,  false", // both measures down reliably and below caseness
            "12,  9,  8,  6, 5, true,  true,  true,  false, false, false, true",  // recovery without reliable improvement (4 and 3 points)
            "15,  7,  7,  3, 5, true,  true,  true,  true,  false, true,  false", // caseness on PHQ-9 only at first; PHQ-9 down 8
            "18, 12, 11,  7, 5, true,  true,  false, true,  false, false, false", // PHQ-9 down 7 but still 11: improved, not recovered
            "16, 10, 10,  6, 5, true,  true,  false, true,  false, false, false", // exactly both thresholds; PHQ-9 10 is still caseness
            " 9, 10,  8,  9, 5, true,  true,  false, false, false, false, true",  // caseness on GAD-7 only; GAD-7 9 is still caseness
            " 8,  5,  3,  1, 4, true,  false, false, true,  false, false, false", // not a case at first: reliable improvement (GAD-7 -4), no recovery
            " 5,  3, 11,  7, 6, true,  false, false, false, true,  false, false", // both worse reliably
            " 9,  4,  6,  8, 6, true,  false, false, false, true,  false, false", // GAD-7 +4 is deterioration although PHQ-9 fell
            "20,  6, 12, 10, 8, true,  true,  false, false, true,  false, false", // mixed: PHQ-9 -8, GAD-7 +4 reads as deterioration
            "18, 12,  8,  6, 1, false, false, false, true,  false, false, false", // one session: not finished, not eligible for recovery
            "18, 12,  8,  6, 2, true,  true,  true,  true,  false, true,  false"}) // two sessions are a finished course
    void classifies(double phqFirst, double gadFirst, double phqLast, double gadLast, int sessions,
                    boolean finished, boolean eligible, boolean recovered, boolean improvement,
                    boolean deterioration, boolean reliableRecovery, boolean noChange) {
        PairedOutcome outcome = PairedOutcome.of(phq9, gad7, new PairedOutcome.Scores(phqFirst, gadFirst),
                new PairedOutcome.Scores(phqLast, gadLast), sessions);

        assertThat(outcome).isEqualTo(new PairedOutcome(finished, eligible, recovered, improvement, deterioration,
                reliableRecovery, noChange));
    }

    @Test
    void improvementDeteriorationAndNoChangeExcludeEachOtherAndRecoveryNeedsEligibility() {
        for (int phqFirst = 0; phqFirst <= 27; phqFirst += 3) {
            for (int gadFirst = 0; gadFirst <= 21; gadFirst += 3) {
                for (int phqLast = 0; phqLast <= 27; phqLast += 2) {
                    for (int gadLast = 0; gadLast <= 21; gadLast += 2) {
                        for (int sessions = 0; sessions <= 3; sessions++) {
                            PairedOutcome outcome = PairedOutcome.of(phq9, gad7, new PairedOutcome.Scores(phqFirst, gadFirst),
                                    new PairedOutcome.Scores(phqLast, gadLast), sessions);
                            int classes = (outcome.reliableImprovement() ? 1 : 0) + (outcome.reliableDeterioration() ? 1 : 0)
                                    + (outcome.noReliableChange() ? 1 : 0);
                            assertThat(classes).isEqualTo(1);
                            assertThat(!outcome.recovered() || outcome.eligibleForRecovery()).isTrue();
                            assertThat(outcome.reliableRecovery()).isEqualTo(outcome.recovered() && outcome.reliableImprovement());
                        }
                    }
                }
            }
        }
    }

    @Test
    void aMeasureWithoutCasenessOrThresholdIsRefusedByName() {
        Instrument feedback = InstrumentLibrary.load().get("session-feedback");
        PairedOutcome.Scores scores = new PairedOutcome.Scores(10, 10);

        assertThatThrownBy(() -> PairedOutcome.of(phq9, feedback, scores, scores, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session-feedback");
    }
}
