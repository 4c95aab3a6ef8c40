package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outgrow.measurement.ChangeTest.total;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Baseline, latest and change of an episode, with the published PHQ-9 worked examples (caseness
 * 10, reliable change 6) and a higher-is-better scale.
 */
class ChangeStatisticsTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");

    @ParameterizedTest
    @CsvSource({
            "18, 11, -7, moderate, true, RELIABLE_IMPROVEMENT", // 7 points down, still at caseness
            "12, 8, -4, mild, false, RECOVERY",                 // below caseness, but 4 points is not reliable
            "15, 7, -8, mild, false, RELIABLE_RECOVERY",        // both
            "8, 14, 6, moderate, true, RELIABLE_DETERIORATION"})
    void publishedWorkedExamples(int first, int last, double change, String band, boolean caseness, Change expected) {
        ChangeStatistics statistics = ChangeStatistics.of(phq9, List.of(phq9(0, first), phq9(3, 13), phq9(6, last)));

        assertThat(statistics.baseline()).map(observation -> observation.score().total()).contains((double) first);
        assertThat(statistics.latest()).map(observation -> observation.score().total()).contains((double) last);
        assertThat(statistics.change()).contains(change);
        assertThat(statistics.latestBand()).contains(band);
        assertThat(statistics.latestCaseness()).contains(caseness);
        assertThat(statistics.classification()).contains(expected);
    }

    @Test
    void incompleteResponsesAreNeitherBaselineNorLatest() {
        ChangeStatistics statistics = ChangeStatistics.of(phq9, List.of(
                incomplete(0), phq9(1, 20), phq9(4, 12), incomplete(5)));

        assertThat(statistics.scored()).hasSize(2);
        assertThat(statistics.baseline()).map(Observation::session).contains(1);
        assertThat(statistics.latest()).map(Observation::session).contains(4);
        assertThat(statistics.change()).contains(-8.0);
        assertThat(statistics.classification()).contains(Change.RELIABLE_IMPROVEMENT);
    }

    @Test
    void observationsAreTakenInTimeOrderWhateverTheyArriveIn() {
        ChangeStatistics statistics = ChangeStatistics.of(phq9, List.of(phq9(6, 9), phq9(0, 19), phq9(3, 14)));

        assertThat(statistics.baseline()).map(observation -> observation.score().total()).contains(19.0);
        assertThat(statistics.latest()).map(observation -> observation.score().total()).contains(9.0);
    }

    @Test
    void oneScoredObservationShowsALevelButNoChange() {
        ChangeStatistics statistics = ChangeStatistics.of(phq9, List.of(incomplete(0), phq9(1, 16)));

        assertThat(statistics.baseline()).isEqualTo(statistics.latest()).isPresent();
        assertThat(statistics.change()).isEmpty();
        assertThat(statistics.classification()).isEmpty();
        assertThat(statistics.latestBand()).contains("moderately_severe");
        assertThat(statistics.latestCaseness()).contains(true);
        assertThat(statistics.reliableChangeRange()).contains(new ChangeStatistics.Range(10, 22));
    }

    @Test
    void withoutAScoredObservationEverythingIsEmpty() {
        ChangeStatistics statistics = ChangeStatistics.of(phq9, List.of(incomplete(0)));

        assertThat(statistics.baseline()).isEmpty();
        assertThat(statistics.latest()).isEmpty();
        assertThat(statistics.change()).isEmpty();
        assertThat(statistics.latestBand()).isEmpty();
        assertThat(statistics.latestCaseness()).isEmpty();
        assertThat(statistics.classification()).isEmpty();
        assertThat(statistics.reliableChangeRange()).isEmpty();
    }

    @Test
    void theReliableChangeRangeStaysWithinTheScoresTheInstrumentAllows() {
        assertThat(ChangeStatistics.of(phq9, List.of(phq9(0, 24))).reliableChangeRange())
                .contains(new ChangeStatistics.Range(18, 27));
        assertThat(ChangeStatistics.of(phq9, List.of(phq9(0, 3))).reliableChangeRange())
                .contains(new ChangeStatistics.Range(0, 9));
    }

    @Test
    void onAHigherIsBetterScaleARiseIsTheImprovement() {
        Instrument goal = higherIsBetter(3, 4);
        ChangeStatistics statistics = ChangeStatistics.of(goal, List.of(goal(goal, 0, 2), goal(goal, 5, 7)));

        assertThat(statistics.change()).contains(5.0);
        assertThat(statistics.latestCaseness()).contains(false);
        assertThat(statistics.classification()).contains(Change.RELIABLE_RECOVERY);
        assertThat(statistics.reliableChangeRange()).contains(new ChangeStatistics.Range(0, 5));

        ChangeStatistics worse = ChangeStatistics.of(goal, List.of(goal(goal, 0, 8), goal(goal, 5, 5)));
        assertThat(worse.change()).contains(-3.0);
        assertThat(worse.classification()).contains(Change.RELIABLE_DETERIORATION);
    }

    /** goal-rating (one item, 0–10, higher is better) with a caseness cut-off and threshold added. */
    static Instrument higherIsBetter(double threshold, double cutOff) {
        Instrument goal = InstrumentLibrary.load().get("goal-rating");
        return new Instrument(goal.id(), goal.version(), goal.names(), goal.instructions(), goal.licence(),
                goal.direction(), goal.items(), goal.scoring(), goal.bands(), cutOff,
                new Instrument.ReliableChange(threshold, "test"), goal.riskRules(), goal.loinc(), goal.validated());
    }

    private Observation phq9(int session, int total) {
        return new Observation(START.plusSeconds(604_800L * session), session, total(phq9, "phq9_", 9, total));
    }

    private Observation incomplete(int session) {
        return new Observation(START.plusSeconds(604_800L * session), session,
                Scorer.score(phq9, List.of(Answer.of("phq9_1", 3), Answer.missing("phq9_2"))));
    }

    private static Observation goal(Instrument goal, int session, int rating) {
        return new Observation(START.plusSeconds(604_800L * session), session,
                Scorer.score(goal, List.of(Answer.of("goal", rating))));
    }

}
