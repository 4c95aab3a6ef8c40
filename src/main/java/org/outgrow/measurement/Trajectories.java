package org.outgrow.measurement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.outgrow.shared.Tenancy;

import org.springframework.stereotype.Component;

/**
 * An episode's course on one instrument: its change statistics and, where the instrument has a
 * published reliable-change threshold, the expected range from the baseline and whether the
 * latest score is within it. The same for the progress page and for the alerts a new answer opens.
 */
@Component
class Trajectories {

    /**
     * How long a practice's fitted curve is used before it is fitted again. Fitting reads every
     * ended episode of the practice; endings are rare next to answers, so an answer does not pay
     * for that read, and a new ending counts within the hour.
     */
    static final Duration REFIT_AFTER = Duration.ofHours(1);

    private record Fitted(ExpectedRange curve, Instant until) {
    }

    private final Responses responses;
    private final Clock clock;
    private final Map<String, Fitted> curves = new ConcurrentHashMap<>();
    private final Map<String, Object> fitting = new ConcurrentHashMap<>();

    Trajectories(Responses responses, Clock clock) {
        this.responses = responses;
        this.clock = clock;
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
        ExpectedRange expected = curve(instrument).startingAt(first.score().total());
        Optional<Boolean> onTrack = statistics.latest().filter(latest -> statistics.scored().size() > 1)
                .map(latest -> expected.onTrack(sessionsSince(first, latest), latest.score().total()));
        return new Trajectory(statistics, Optional.of(expected), onTrack);
    }

    /**
     * The practice's curve for the instrument (its own or the published one), fitted at most once an
     * hour, by one request: the others that need it meanwhile wait for that fit rather than each
     * reading every ended episode too.
     */
    private ExpectedRange curve(Instrument instrument) {
        String key = Tenancy.requirePractice().value() + "/" + instrument.id() + "/" + instrument.version();
        Fitted fitted = curves.get(key);
        if (fitted != null && !clock.instant().isAfter(fitted.until())) {
            return fitted.curve();
        }
        synchronized (fitting.computeIfAbsent(key, any -> new Object())) {
            fitted = curves.get(key);
            Instant now = clock.instant();
            if (fitted == null || now.isAfter(fitted.until())) {
                fitted = new Fitted(ExpectedRange.calibrated(instrument, 0, responses.endedEpisodes(instrument.id())),
                        now.plus(REFIT_AFTER));
                curves.put(key, fitted);
            }
            return fitted.curve();
        }
    }

    /** Sessions attended between the baseline and an observation: the expected range counts from the baseline. */
    static int sessionsSince(Observation baseline, Observation later) {
        int from = baseline.session() == null ? 0 : baseline.session();
        int to = later.session() == null ? from : later.session();
        return Math.max(0, to - from);
    }
}
