package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The expected score by session from the intake: Howard's published dose–effect points, the
 * band of one reliable-change threshold, direction, clamping, and the switch to the practice's
 * own curve at {@value ExpectedRange#MINIMUM_PRACTICE_EPISODES} ended episodes.
 */
class ExpectedRangeTest {

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");

    @Test
    void thePublishedCurvePassesThroughHowardsPoints() {
        ExpectedRange range = ExpectedRange.published(phq9, 18);

        assertThat(range.basis()).isEqualTo(ExpectedRange.Basis.PUBLISHED);
        assertThat(range.practiceEpisodes()).isZero();
        assertThat(range.share(0)).isZero();
        assertThat(range.share(8)).isCloseTo(0.50, within(1e-12));
        assertThat(range.share(26)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void phq9From18IsExpectedHalfwayToZeroBySessionEightGiveOrTakeSixPoints() {
        ExpectedRange range = ExpectedRange.published(phq9, 18);

        assertThat(range.range(0)).isEqualTo(new ExpectedRange.Range(12, 18, 24));
        ExpectedRange.Range eighth = range.range(8);
        assertThat(eighth.expected()).isCloseTo(9, within(1e-9));
        assertThat(eighth.low()).isCloseTo(3, within(1e-9));
        assertThat(eighth.high()).isCloseTo(15, within(1e-9));
        assertThat(range.onTrack(8, 15)).isTrue();
        assertThat(range.onTrack(8, 15.5)).isFalse();
        assertThat(range.onTrack(8, 0)).isTrue(); // better than expected is never "not on track"
        assertThat(range.onTrack(0, 24)).isTrue();
    }

    @Test
    void theExpectedScoreNeverWorsensWithMoreSessionsAndStaysWithinTheScale() {
        for (int intake = 0; intake <= 27; intake++) {
            ExpectedRange range = ExpectedRange.published(phq9, intake);
            double previous = Double.MAX_VALUE;
            for (int session = 0; session <= 100; session++) {
                ExpectedRange.Range at = range.range(session);
                assertThat(at.expected()).isLessThanOrEqualTo(previous).isBetween(0.0, (double) intake);
                assertThat(at.low()).isBetween(0.0, 27.0).isLessThanOrEqualTo(at.expected());
                assertThat(at.high()).isBetween(0.0, 27.0).isGreaterThanOrEqualTo(at.expected());
                previous = at.expected();
            }
        }
    }

    @Test
    void theBandIsClampedToTheScoresTheInstrumentAllows() {
        assertThat(ExpectedRange.published(phq9, 2).range(0)).isEqualTo(new ExpectedRange.Range(0, 2, 8));
        assertThat(ExpectedRange.published(phq9, 27).range(0)).isEqualTo(new ExpectedRange.Range(21, 27, 27));
        assertThat(ExpectedRange.published(phq9, 0).range(20)).isEqualTo(new ExpectedRange.Range(0, 0, 6));
    }

    @Test
    void onAHigherIsBetterScaleTheExpectedScoreRisesAndFallingBelowTheBandIsNotOnTrack() {
        Instrument goal = ChangeStatisticsTest.higherIsBetter(2, 4);
        ExpectedRange range = ExpectedRange.published(goal, 2);

        double previous = -1;
        for (int session = 0; session <= 60; session++) {
            double expected = range.range(session).expected();
            assertThat(expected).isGreaterThanOrEqualTo(previous).isBetween(2.0, 10.0);
            previous = expected;
        }
        ExpectedRange.Range eighth = range.range(8); // halfway from 2 to 10
        assertThat(eighth.expected()).isCloseTo(6, within(1e-9));
        assertThat(range.onTrack(8, 4)).isTrue();
        assertThat(range.onTrack(8, 3.9)).isFalse();
        assertThat(range.onTrack(8, 10)).isTrue();
    }

    @Test
    void thePracticeCurveIsUsedFromThirtyEndedEpisodesOn() {
        List<ExpectedRange.EndedEpisode> practice = practiceFollowing(12, 1.2, 30);

        ExpectedRange fewer = ExpectedRange.calibrated(phq9, 18, practice.subList(0, 29));
        assertThat(fewer.basis()).isEqualTo(ExpectedRange.Basis.PUBLISHED);
        assertThat(fewer).isEqualTo(ExpectedRange.published(phq9, 18));

        ExpectedRange enough = ExpectedRange.calibrated(phq9, 18, practice);
        assertThat(enough.basis()).isEqualTo(ExpectedRange.Basis.PRACTICE);
        assertThat(enough.practiceEpisodes()).isEqualTo(30);
        assertThat(enough.sessionsToHalf()).isCloseTo(12, within(1e-6));
        assertThat(enough.steepness()).isCloseTo(1.2, within(1e-6));
        assertThat(enough.range(12).expected()).isCloseTo(9, within(1e-6));
    }

    @Test
    void episodesWithoutASessionOrWithoutRoomToImproveDoNotCount() {
        List<ExpectedRange.EndedEpisode> practice = new ArrayList<>(practiceFollowing(12, 1.2, 29));
        practice.add(new ExpectedRange.EndedEpisode(0, 0, 6));   // nothing to improve at intake
        practice.add(new ExpectedRange.EndedEpisode(15, 15, 0)); // no session attended

        ExpectedRange range = ExpectedRange.calibrated(phq9, 18, practice);
        assertThat(range.basis()).isEqualTo(ExpectedRange.Basis.PUBLISHED);
    }

    @Test
    void practiceDataWithoutARisingCurveKeepThePublishedOne() {
        List<ExpectedRange.EndedEpisode> sameLength = new ArrayList<>();
        List<ExpectedRange.EndedEpisode> gettingWorse = new ArrayList<>();
        for (int episode = 0; episode < 40; episode++) {
            sameLength.add(new ExpectedRange.EndedEpisode(20, 10, 6));
            int sessions = 2 + episode % 10;
            gettingWorse.add(new ExpectedRange.EndedEpisode(20, 10 + sessions / 2.0, sessions));
        }

        assertThat(ExpectedRange.calibrated(phq9, 18, sameLength).basis()).isEqualTo(ExpectedRange.Basis.PUBLISHED);
        assertThat(ExpectedRange.calibrated(phq9, 18, gettingWorse).basis()).isEqualTo(ExpectedRange.Basis.PUBLISHED);
    }

    /**
     * Shares on the curve n50 = 4, k = 1 (1/5 at one session, 1/3 at two, 1/2 at four), each
     * session count's episodes spread around it so that only the median lies on the curve: five
     * below, one on it and five above at one session (odd), five below and five above at two
     * (even), ten on it at four. The fit must come out exactly, one-session episodes counting.
     */
    @Test
    void theFitUsesTheMedianShareOfEverySessionCountFromOneSessionOn() {
        List<ExpectedRange.EndedEpisode> practice = new ArrayList<>();
        addShares(practice, 1, 0.2, 5, -0.1, 1, 5, 0.15);
        addShares(practice, 2, 1 / 3.0, 5, -0.1, 0, 5, 0.1);
        addShares(practice, 4, 0.5, 0, 0, 10, 0, 0);
        practice.add(new ExpectedRange.EndedEpisode(0, 0, 3)); // no room to improve: not counted

        ExpectedRange range = ExpectedRange.calibrated(phq9, 18, practice);
        assertThat(range.basis()).isEqualTo(ExpectedRange.Basis.PRACTICE);
        assertThat(range.practiceEpisodes()).isEqualTo(31);
        assertThat(range.sessionsToHalf()).isCloseTo(4, within(1e-9));
        assertThat(range.steepness()).isCloseTo(1, within(1e-9));
    }

    @Test
    void twoSessionCountsAreEnoughForACurveAndAFlatOneKeepsThePublished() {
        List<ExpectedRange.EndedEpisode> two = new ArrayList<>();
        addShares(two, 2, 1 / 3.0, 0, 0, 15, 0, 0);
        addShares(two, 4, 0.5, 0, 0, 15, 0, 0);
        ExpectedRange fitted = ExpectedRange.calibrated(phq9, 18, two);
        assertThat(fitted.basis()).isEqualTo(ExpectedRange.Basis.PRACTICE);
        assertThat(fitted.sessionsToHalf()).isCloseTo(4, within(1e-9));

        List<ExpectedRange.EndedEpisode> flat = new ArrayList<>();
        addShares(flat, 2, 0.5, 0, 0, 15, 0, 0);
        addShares(flat, 4, 0.5, 0, 0, 15, 0, 0);
        assertThat(ExpectedRange.calibrated(phq9, 18, flat).basis()).as("steepness 0 is no rising curve")
                .isEqualTo(ExpectedRange.Basis.PUBLISHED);
    }

    @Test
    void onAHigherIsBetterScaleTheShareIsOfTheWayUpToTheCeiling() {
        Instrument better = ((InstrumentDefinitions.Result.Valid) InstrumentDefinitions.read("""
                {"id": "better", "version": 1, "names": {"en": "Better"},
                 "licence": {"name": "Ours", "attribution": "Ours"}, "direction": "HIGHER_IS_BETTER",
                 "options": [{"value": 0, "label": {"en": "0"}}, {"value": 10, "label": {"en": "10"}}],
                 "items": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}}],
                 "scoring": {"method": "SUM"},
                 "reliableChange": {"threshold": 3, "source": "test"}}
                """)).instrument();
        List<ExpectedRange.EndedEpisode> practice = new ArrayList<>();
        for (int sessions : new int[] {2, 4}) {
            double share = sessions / (sessions + 4.0);
            for (int episode = 0; episode < 15; episode++) {
                practice.add(new ExpectedRange.EndedEpisode(4, 4 + 16 * share, sessions)); // ceiling 20
            }
        }
        ExpectedRange range = ExpectedRange.calibrated(better, 4, practice);
        assertThat(range.basis()).isEqualTo(ExpectedRange.Basis.PRACTICE);
        assertThat(range.sessionsToHalf()).isCloseTo(4, within(1e-9));
        assertThat(range.steepness()).isCloseTo(1, within(1e-9));
    }

    /** PHQ-9 episodes from intake 20: {@code below} at share − down, {@code on} at share, {@code above} at share + up. */
    private static void addShares(List<ExpectedRange.EndedEpisode> episodes, int sessions, double share,
                                  int below, double down, int on, int above, double up) {
        for (int i = 0; i < below; i++) {
            episodes.add(new ExpectedRange.EndedEpisode(20, 20 - 20 * (share + down), sessions));
        }
        for (int i = 0; i < on; i++) {
            episodes.add(new ExpectedRange.EndedEpisode(20, 20 - 20 * share, sessions));
        }
        for (int i = 0; i < above; i++) {
            episodes.add(new ExpectedRange.EndedEpisode(20, 20 - 20 * (share + up), sessions));
        }
    }

    @Test
    void anInstrumentWithoutAPublishedThresholdHasNoExpectedRange() {
        Instrument feedback = InstrumentLibrary.load().get("session-feedback");

        assertThatThrownBy(() -> ExpectedRange.published(feedback, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session-feedback");
    }

    /** Ended PHQ-9 episodes from intake 20 whose last score lies exactly on the given curve. */
    private static List<ExpectedRange.EndedEpisode> practiceFollowing(double sessionsToHalf, double steepness, int count) {
        List<ExpectedRange.EndedEpisode> episodes = new ArrayList<>();
        for (int episode = 0; episode < count; episode++) {
            int sessions = 2 + episode % 15;
            double share = 1 / (1 + Math.pow(sessionsToHalf / sessions, steepness));
            episodes.add(new ExpectedRange.EndedEpisode(20, 20 - 20 * share, sessions));
        }
        return episodes;
    }
}
