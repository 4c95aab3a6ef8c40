package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outgrow.episodes.EpisodeTest.assertRefused;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ChangeFocusTest {

    private ChangeFocus proposed() {
        return ChangeFocus.propose(UUID.randomUUID(), UUID.randomUUID(), "  I stop myself saying no at work ",
                ChangeFocus.Author.CLIENT);
    }

    @Test
    void keepsTheClientsWordsAndWhoWroteThem() {
        ChangeFocus focus = proposed();
        assertThat(focus.wording()).isEqualTo("I stop myself saying no at work");
        assertThat(focus.writtenBy()).isEqualTo(ChangeFocus.Author.CLIENT);
        assertThat(focus.status()).isEqualTo(ChangeFocus.Status.PROPOSED);
        assertRefused(() -> ChangeFocus.propose(UUID.randomUUID(), UUID.randomUUID(), " ", ChangeFocus.Author.CLIENT),
                "focus.rule.wordingNeeded");
    }

    @Test
    void becomesAGoalOnlyWhenAllThreeTestsPass() {
        ChangeFocus focus = proposed();
        assertRefused(focus::agree, "focus.rule.agreeNeedsAllTests");
        ChangeFocus described = focus.describeDifficulty("Overtime every week, exhausted");
        assertRefused(described::agree, "focus.rule.agreeNeedsAllTests");
        ChangeFocus wanted = described.clientAnswers(true);
        assertRefused(wanted::agree, "focus.rule.agreeNeedsAllTests");
        ChangeFocus judged = wanted.therapistJudges(true, "A pattern we can work on in sessions");
        assertThat(judged.agree().status()).isEqualTo(ChangeFocus.Status.AGREED);
        assertThat(judged.agree().goal()).isTrue();
    }

    @Test
    void aJudgementAlwaysHasAReason() {
        assertRefused(() -> proposed().therapistJudges(true, "  "), "focus.rule.reasonNeeded");
    }

    @Test
    void aFailedTestIsKeptAsOutOfScopeWithAReferral() {
        ChangeFocus notWanted = proposed().clientAnswers(false);
        assertRefused(() -> notWanted.outOfScope(" "), "focus.rule.noteNeeded");
        ChangeFocus outOfScope = notWanted.outOfScope("Wants to keep this as it is for now");
        assertThat(outOfScope.status()).isEqualTo(ChangeFocus.Status.OUT_OF_SCOPE);
        assertThat(outOfScope.scopeNote()).isEqualTo("Wants to keep this as it is for now");

        ChangeFocus notForTherapy = proposed().therapistJudges(false, "Debt advice first");
        assertThat(notForTherapy.outOfScope("Referred to the debt advice service").status())
                .isEqualTo(ChangeFocus.Status.OUT_OF_SCOPE);
    }

    @Test
    void cannotBeRuledOutOfScopeWhileEveryTestPasses() {
        ChangeFocus passing = proposed().describeDifficulty("x").clientAnswers(true).therapistJudges(true, "y");
        assertRefused(() -> passing.outOfScope("no reason"), "focus.rule.outOfScopeNeedsFailedTest");
    }

    @Test
    void onlyGoalsAreAchievedOrSetAsideAndDecisionsAreFinal() {
        ChangeFocus goal = proposed().describeDifficulty("x").clientAnswers(true).therapistJudges(true, "y").agree();
        assertThat(goal.achieved().status()).isEqualTo(ChangeFocus.Status.ACHIEVED);
        assertThat(goal.setAside("Less important now").status()).isEqualTo(ChangeFocus.Status.SET_ASIDE);
        assertRefused(() -> proposed().achieved(), "focus.rule.onlyGoals");
        assertRefused(() -> goal.clientAnswers(false), "focus.rule.onlyWhileProposed");
    }
}
