package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The scoring engine against the published rules: every one of the 4^9 PHQ-9 answer
 * combinations, then reordered, duplicated, out-of-range and missing answers.
 */
class ScorerTest {

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");
    private final Instrument gad7 = InstrumentLibrary.load().get("gad-7");

    @Test
    void everyCompletePhq9IsTheSumWithItsBandCasenessAndRisk() {
        int[] values = new int[9];
        for (int combination = 0; combination < 1 << 18; combination++) {
            int sum = 0;
            List<Answer> answers = new ArrayList<>(9);
            for (int item = 0; item < 9; item++) {
                values[item] = (combination >> (2 * item)) & 3;
                sum += values[item];
                answers.add(Answer.of("phq9_" + (item + 1), values[item]));
            }
            Score score = Scorer.score(phq9, answers);
            assertThat(score.total()).isEqualTo((double) sum);
            assertThat(score.completeness()).isEqualTo(Score.Completeness.COMPLETE);
            assertThat(score.band()).isEqualTo(sum >= 20 ? "severe" : sum >= 15 ? "moderately_severe"
                    : sum >= 10 ? "moderate" : sum >= 5 ? "mild" : "minimal");
            assertThat(score.caseness()).isEqualTo(sum >= 10);
            assertThat(score.risk()).isEqualTo(values[8] >= 1 ? Score.Risk.POSITIVE : Score.Risk.NEGATIVE);
        }
    }

    @Test
    void theOrderOfAnswersDoesNotMatter() {
        Random random = new Random(42);
        for (int run = 0; run < 2_000; run++) {
            List<Answer> answers = new ArrayList<>();
            for (int item = 1; item <= 9; item++) {
                answers.add(Answer.of("phq9_" + item, random.nextInt(4)));
            }
            Score inOrder = Scorer.score(phq9, answers);
            Collections.shuffle(answers, random);
            assertThat(Scorer.score(phq9, answers)).isEqualTo(inOrder);
        }
    }

    @Test
    void duplicatedUnknownAndOutOfRangeAnswersAreRefusedByName() {
        assertThatThrownBy(() -> Scorer.score(phq9, List.of(Answer.of("phq9_1", 1), Answer.of("phq9_1", 2))))
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("phq9_1").hasMessageContaining("more than once");
        assertThatThrownBy(() -> Scorer.score(phq9, List.of(Answer.of("phq9_10", 1))))
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("phq9_10");
        for (int outOfRange : new int[] {-1, 4, 99}) {
            assertThatThrownBy(() -> Scorer.score(phq9, List.of(Answer.of("phq9_3", outOfRange))))
                    .isInstanceOf(InvalidResponse.class).hasMessageContaining("phq9_3");
        }
    }

    @Test
    void anIncompleteResponseHasNoTotalAndNeverReadsAsNoRisk() {
        Random random = new Random(7);
        for (int run = 0; run < 2_000; run++) {
            List<Answer> answers = new ArrayList<>();
            int missing = 0;
            for (int item = 1; item <= 9; item++) {
                boolean skip = random.nextInt(4) == 0;
                missing += skip ? 1 : 0;
                answers.add(skip ? Answer.missing("phq9_" + item) : Answer.of("phq9_" + item, random.nextInt(4)));
            }
            Score score = Scorer.score(phq9, answers);
            if (missing == 0) {
                continue;
            }
            assertThat(score.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
            assertThat(score.total()).isNull();
            assertThat(score.caseness()).isNull();
            Integer item9 = answers.stream().filter(a -> a.item().equals("phq9_9")).findFirst().orElseThrow().value();
            assertThat(score.risk()).isEqualTo(item9 == null ? Score.Risk.UNKNOWN
                    : item9 >= 1 ? Score.Risk.POSITIVE : Score.Risk.NEGATIVE);
            assertThat(score.risk()).isNotEqualTo(item9 == null ? Score.Risk.NEGATIVE : null);
        }
    }

    @Test
    void anInstrumentWithoutRiskItemsSaysSo() {
        List<Answer> answers = new ArrayList<>();
        for (int item = 1; item <= 7; item++) {
            answers.add(Answer.of("gad7_" + item, 2));
        }
        Score score = Scorer.score(gad7, answers);
        assertThat(score.total()).isEqualTo(14.0);
        assertThat(score.band()).isEqualTo("moderate");
        assertThat(score.caseness()).isTrue();
        assertThat(score.risk()).isEqualTo(Score.Risk.NOT_APPLICABLE);
    }

    @Test
    void reverseItemsSubscalesMeansAndProratingFollowTheDefinition() {
        Instrument custom = ((InstrumentDefinitions.Result.Valid) InstrumentDefinitions.read("""
                {"id": "custom", "version": 1, "names": {"en": "Custom"},
                 "licence": {"name": "Ours", "attribution": "Ours"}, "direction": "HIGHER_IS_WORSE",
                 "options": [{"value": 0, "label": {"en": "No"}}, {"value": 1, "label": {"en": "A bit"}},
                             {"value": 2, "label": {"en": "Much"}}, {"value": 3, "label": {"en": "Very"}},
                             {"value": 4, "label": {"en": "Extremely"}}],
                 "items": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}},
                           {"id": "c", "text": {"en": "C"}}, {"id": "d", "text": {"en": "D"}}],
                 "scoring": {"method": "SUM", "maxMissing": 1, "prorate": true, "reverseItems": ["b"],
                             "subscales": {"first": ["a", "b"], "second": ["c", "d"]}},
                 "riskItems": [{"item": "b", "atLeast": 3}]}
                """)).instrument();
        Score full = Scorer.score(custom, List.of(Answer.of("a", 4), Answer.of("b", 1), Answer.of("c", 2),
                Answer.of("d", 0)));
        assertThat(full.total()).as("b reversed: 4 - 1 = 3").isEqualTo(9.0);
        assertThat(full.subscales()).containsEntry("first", 7.0).containsEntry("second", 2.0);
        assertThat(full.risk()).as("risk is judged on the answer as given").isEqualTo(Score.Risk.NEGATIVE);

        Score oneMissing = Scorer.score(custom, List.of(Answer.of("a", 4), Answer.of("b", 3), Answer.of("c", 2)));
        assertThat(oneMissing.completeness()).isEqualTo(Score.Completeness.PRORATED);
        assertThat(oneMissing.total()).as("(4 + 1 + 2) / 3 * 4").isCloseTo(28.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(oneMissing.risk()).isEqualTo(Score.Risk.POSITIVE);

        Score twoMissing = Scorer.score(custom, List.of(Answer.of("a", 4), Answer.of("b", 3)));
        assertThat(twoMissing.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(twoMissing.total()).isNull();
    }
}
