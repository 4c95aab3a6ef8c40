package org.outgrow.measurement;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * An episode's course on one instrument: its change statistics and, where the instrument has a
 * published reliable-change threshold, the expected range from the baseline and whether the
 * latest score is within it. The same for the progress page and for the alerts a new answer opens.
 */
@Component
class Trajectories {

    private final Responses responses;

    Trajectories(Responses responses) {
        this.responses = responses;
    }

    record Trajectory(ChangeStatistics statistics, Optional<ExpectedRange> expected, Optional<Boolean> onTrack) {
    }

    /** @param answers the episode's responses to this instrument, in any order */
    Trajectory of(Instrument instrument, List<StoredResponse> answers) {
        ChangeStatistics statistics = ChangeStatistics.of(instrument, answers.stream()
                .map(answer -> new Observation(answer.answeredAt(), answer.sessionNumber(), answer.score()))
                .toList());
        Optional<Observation> baseline = statistics.baseline();
        if (instrument.reliableChange() == null || baseline.isEmpty() || baseline.get().score().total() == null) {
            return new Trajectory(statistics, Optional.empty(), Optional.empty());
        }
        Observation first = baseline.get();
        ExpectedRange expected = ExpectedRange.calibrated(instrument, first.score().total(),
                responses.endedEpisodes(instrument.id()));
        Optional<Boolean> onTrack = statistics.latest().filter(latest -> statistics.scored().size() > 1)
                .map(latest -> expected.onTrack(sessionsSince(first, latest), latest.score().total()));
        return new Trajectory(statistics, Optional.of(expected), onTrack);
    }

    /** Sessions attended between the baseline and an observation: the expected range counts from the baseline. */
    static int sessionsSince(Observation baseline, Observation later) {
        int from = baseline.session() == null ? 0 : baseline.session();
        int to = later.session() == null ? from : later.session();
        return Math.max(0, to - from);
    }
}
