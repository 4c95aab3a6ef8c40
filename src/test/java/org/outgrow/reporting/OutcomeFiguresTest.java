package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.outgrow.measurement.Change;

/** Which ended episodes each figure counts, and of which group. */
class OutcomeFiguresTest {

    private static final UUID THERAPIST = UUID.randomUUID();

    @Test
    void eachFigureCountsItsOwnEpisodesOfItsOwnGroup() {
        OutcomeFigures figures = OutcomeFigures.of(List.of(
                ended("PLANNED", 10, Change.RELIABLE_RECOVERY, true),
                ended("DROPPED_OUT", 2, Change.RECOVERY, true),
                ended(null, 6, Change.RELIABLE_IMPROVEMENT, false), // imported, ending unknown
                ended("PLANNED", 8, Change.RELIABLE_DETERIORATION, true),
                ended("PLANNED", 1, null, null), // one scored answer: not paired
                ended("DROPPED_OUT", 3, Change.NO_RELIABLE_CHANGE, true)));

        assertThat(figures.ended()).isEqualTo(6);
        assertThat(figures.reliableImprovement()).as("of paired").isEqualTo(new Proportion(2, 5));
        assertThat(figures.recovery()).as("of paired above the cut-off at the start").isEqualTo(new Proportion(2, 4));
        assertThat(figures.reliableRecovery()).isEqualTo(new Proportion(1, 4));
        assertThat(figures.deterioration()).isEqualTo(new Proportion(1, 5));
        assertThat(figures.planned()).as("of endings whose kind is known").isEqualTo(new Proportion(3, 5));
        assertThat(figures.dropout()).isEqualTo(new Proportion(2, 5));
        assertThat(figures.completeness()).isEqualTo(new Proportion(5, 6));
        assertThat(figures.sessions().value()).isEqualTo(5.0);
    }

    private static OutcomeFigures.Ended ended(@Nullable String endingKind, int attended, @Nullable Change change,
                                              @Nullable Boolean casenessAtStart) {
        return new OutcomeFigures.Ended(THERAPIST, "Sam Okafor", endingKind, attended, change, casenessAtStart);
    }
}
