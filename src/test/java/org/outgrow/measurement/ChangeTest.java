package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked examples of change against the first score, with the published thresholds (PHQ-9: 6
 * points, caseness 10; GAD-7: 4 points, caseness 8).
 */
class ChangeTest {

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");
    private final Instrument gad7 = InstrumentLibrary.load().get("gad-7");

    @ParameterizedTest
    @CsvSource({
            "18, 8, RELIABLE_RECOVERY",      // 10 points down, from caseness to below it
            "12, 9, RECOVERY",               // below caseness, but only 3 points: not reliable
            "20, 13, RELIABLE_IMPROVEMENT",  // 7 points down, still at caseness
            "20, 14, RELIABLE_IMPROVEMENT",  // exactly the threshold
            "15, 10, NO_RELIABLE_CHANGE",    // 5 points: less than 6
            "8, 14, RELIABLE_DETERIORATION", // 6 points up
            "4, 9, NO_RELIABLE_CHANGE"})     // 5 points up, never at caseness
    void phq9(int first, int later, Change expected) {
        assertThat(Change.between(phq9, total(phq9, "phq9_", 9, first), total(phq9, "phq9_", 9, later)))
                .contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"10, 6, RELIABLE_RECOVERY", "12, 9, NO_RELIABLE_CHANGE", "9, 7, RECOVERY", "3, 7, RELIABLE_DETERIORATION"})
    void gad7(int first, int later, Change expected) {
        assertThat(Change.between(gad7, total(gad7, "gad7_", 7, first), total(gad7, "gad7_", 7, later)))
                .contains(expected);
    }

    /** A complete response with the given total, spread over the items. */
    static Score total(Instrument instrument, String prefix, int items, int total) {
        List<Answer> answers = new ArrayList<>();
        int left = total;
        for (int item = 1; item <= items; item++) {
            int value = Math.min(3, left);
            left -= value;
            answers.add(Answer.of(prefix + item, value));
        }
        return Scorer.score(instrument, answers);
    }
}
