package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Worked examples for PHQ-15, CORE-10 and the UK AUDIT-C: a known answer set and the total,
 * band, caseness and risk the published rules give for it.
 */
class NewInstrumentsTest {

    private final Map<String, Instrument> library = InstrumentLibrary.load();

    private static List<Answer> answers(String prefix, int... values) {
        List<Answer> answers = new ArrayList<>();
        for (int item = 0; item < values.length; item++) {
            answers.add(Answer.of(prefix + (item + 1), values[item]));
        }
        return answers;
    }

    @Test
    void theLibraryLoadsTheNewDefinitions() {
        assertThat(library).containsKeys("phq-15", "core-10", "audit-c-uk");
        assertThat(library.get("phq-15").items()).hasSize(15);
        assertThat(library.get("phq-15").loinc()).isEqualTo(new Instrument.Loinc("69728-4", "70273-8"));
        assertThat(library.get("core-10").items()).hasSize(10);
        assertThat(library.get("core-10").licence().name()).contains("CC BY-ND 4.0");
        assertThat(library.get("audit-c-uk").items()).hasSize(3);
    }

    @Test
    void phq15IsTheSumOfFifteenItemsInKroenkesBands() {
        Instrument phq15 = library.get("phq-15");
        // 1+0+2+1+1+0+0+0+1+0+0+2+1+2+1 = 12
        Score score = Scorer.score(phq15, answers("phq15_", 1, 0, 2, 1, 1, 0, 0, 0, 1, 0, 0, 2, 1, 2, 1));
        assertThat(score.completeness()).isEqualTo(Score.Completeness.COMPLETE);
        assertThat(score.total()).isEqualTo(12.0);
        assertThat(score.band()).isEqualTo("medium");
        assertThat(score.caseness()).as("no total cut-off is published").isNull();
        assertThat(score.risk()).isEqualTo(Score.Risk.NOT_APPLICABLE);

        assertThat(Scorer.score(phq15, answers("phq15_", new int[15])).band()).isEqualTo("minimal");
        int[] all = new int[15];
        java.util.Arrays.fill(all, 2);
        Score highest = Scorer.score(phq15, answers("phq15_", all));
        assertThat(highest.total()).isEqualTo(30.0);
        assertThat(highest.band()).isEqualTo("high");
    }

    @Test
    void phq15ItemFourIsForWomenOnlySoLeavingItOutIsNeitherMissingNorProrated() {
        Instrument phq15 = library.get("phq-15");
        assertThat(phq15.item("phq15_4").orElseThrow().optional()).isTrue();
        List<Answer> withoutItemFour = new ArrayList<>(answers("phq15_", 1, 0, 2, 1, 1, 0, 0, 0, 1, 0, 0, 2, 1, 2, 1));
        withoutItemFour.set(3, Answer.missing("phq15_4"));
        Score score = Scorer.score(phq15, withoutItemFour);
        assertThat(score.completeness()).isEqualTo(Score.Completeness.COMPLETE);
        assertThat(score.missingItems()).isEmpty();
        assertThat(score.total()).as("the sum of what was answered, not 11 × 15/14").isEqualTo(11.0);
        assertThat(score.band()).isEqualTo("medium");

        withoutItemFour.set(0, Answer.missing("phq15_1"));
        Score incomplete = Scorer.score(phq15, withoutItemFour);
        assertThat(incomplete.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(incomplete.missingItems()).containsExactly("phq15_1");
    }

    @Test
    void core10ReversesItemsTwoAndThree() {
        Instrument core10 = library.get("core-10");
        assertThat(core10.scoring().reverseItems()).containsExactly("core10_2", "core10_3");
        // Answered "Not at all" (0) to everything: items 2 and 3 (support, coping) score 4 each.
        Score none = Scorer.score(core10, answers("core10_", new int[10]));
        assertThat(none.total()).isEqualTo(8.0);
        assertThat(none.band()).isEqualTo("low");
        assertThat(none.caseness()).isFalse();
        // "Most or all of the time" (4) to support and coping scores 0 for them.
        Score supported = Scorer.score(core10, answers("core10_", 0, 4, 4, 0, 0, 0, 0, 0, 0, 0));
        assertThat(supported.total()).isEqualTo(0.0);
        assertThat(supported.band()).isEqualTo("healthy");
    }

    @Test
    void core10WorkedExampleWithBandAndCaseness() {
        Instrument core10 = library.get("core-10");
        // answered 3,1,2,2,1,0,3,2,3,1 → item 2 scores 3, item 3 scores 2: 3+3+2+2+1+0+3+2+3+1 = 20
        Score score = Scorer.score(core10, answers("core10_", 3, 1, 2, 2, 1, 0, 3, 2, 3, 1));
        assertThat(score.total()).isEqualTo(20.0);
        assertThat(score.band()).isEqualTo("moderate_severe");
        assertThat(score.caseness()).isTrue();
        assertThat(score.risk()).isEqualTo(Score.Risk.NEGATIVE);
        assertThat(core10.reliableChange().threshold()).isEqualTo(6);

        Score atCutOff = Scorer.score(core10, answers("core10_", 2, 2, 2, 1, 1, 0, 1, 1, 1, 0));
        assertThat(atCutOff.total()).isEqualTo(11.0);
        assertThat(atCutOff.band()).isEqualTo("mild");
        assertThat(atCutOff.caseness()).isTrue();
        assertThat(Scorer.score(core10, answers("core10_", 2, 2, 2, 1, 1, 0, 1, 1, 0, 0)).caseness()).isFalse();
    }

    @Test
    void core10ItemSixFlagsRiskWhateverTheTotal() {
        Instrument core10 = library.get("core-10");
        assertThat(core10.riskRules()).containsExactly(new Instrument.RiskRule("core10_6", 1));
        Score lowButRisk = Scorer.score(core10, answers("core10_", 0, 4, 4, 0, 0, 1, 0, 0, 0, 0));
        assertThat(lowButRisk.total()).isEqualTo(1.0);
        assertThat(lowButRisk.band()).isEqualTo("healthy");
        assertThat(lowButRisk.risk()).isEqualTo(Score.Risk.POSITIVE);

        List<Answer> unanswered = new ArrayList<>(answers("core10_", 0, 4, 4, 0, 0, 0, 0, 0, 0, 0));
        unanswered.set(5, Answer.missing("core10_6"));
        Score incomplete = Scorer.score(core10, unanswered);
        assertThat(incomplete.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(incomplete.risk()).as("an unanswered risk item never reads as no risk").isEqualTo(Score.Risk.UNKNOWN);
    }

    @Test
    void ukAuditCPositiveFromFiveInOhidsBands() {
        Instrument audit = library.get("audit-c-uk");
        assertThat(audit.item("auditc_2").orElseThrow().options().getFirst().label().get("en")).isEqualTo("0 to 2");
        // 2 to 3 times per week (3), 3 to 4 units (1), less than monthly (1) = 5
        Score positive = Scorer.score(audit, answers("auditc_", 3, 1, 1));
        assertThat(positive.total()).isEqualTo(5.0);
        assertThat(positive.band()).isEqualTo("increasing_risk");
        assertThat(positive.caseness()).isTrue();
        Score negative = Scorer.score(audit, answers("auditc_", 2, 1, 1));
        assertThat(negative.total()).isEqualTo(4.0);
        assertThat(negative.band()).isEqualTo("low_risk");
        assertThat(negative.caseness()).isFalse();
        assertThat(Scorer.score(audit, answers("auditc_", 4, 2, 2)).band()).isEqualTo("higher_risk");
        assertThat(Scorer.score(audit, answers("auditc_", 4, 4, 3)).band()).isEqualTo("possible_dependence");
        assertThat(Scorer.score(audit, answers("auditc_", 4, 4, 4)).total()).isEqualTo(12.0);
    }
}
