package org.outgrow.measurement;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a client stands on one instrument in one episode: the first and the last scored response,
 * the signed change between them and its {@link Change} classification. Incomplete responses
 * never count as baseline or latest, because a prorated-away or missing total would make the
 * change look larger or smaller than anything the client reported.
 *
 * @param instrument the instrument all observations belong to
 * @param scored     the scored observations, oldest first; incomplete ones are already left out
 */
public record ChangeStatistics(Instrument instrument, List<Observation> scored) {

    /** A closed score interval, for instance the band a chart shades as "no reliable change". */
    public record Range(double low, double high) {
    }

    public ChangeStatistics {
        scored = List.copyOf(scored);
    }

    /**
     * From the episode's observations in any order: they are put in time order (a stable sort, so
     * responses with the same instant keep their given order) and the unscored ones dropped.
     */
    public static ChangeStatistics of(Instrument instrument, List<Observation> observations) {
        return new ChangeStatistics(instrument, observations.stream()
                .filter(observation -> observation.score().scored())
                .sorted(Comparator.comparing(Observation::at))
                .toList());
    }

    /** The first scored observation: what change is measured against. */
    public Optional<Observation> baseline() {
        return scored.isEmpty() ? Optional.empty() : Optional.of(scored.getFirst());
    }

    /** The last scored observation. With one scored observation it is also the baseline. */
    public Optional<Observation> latest() {
        return scored.isEmpty() ? Optional.empty() : Optional.of(scored.getLast());
    }

    /**
     * Latest total minus baseline total, signed as the scale runs (on PHQ-9 a negative change is
     * an improvement, on a higher-is-better scale a positive one). Empty below two scored
     * observations: one response shows a level, not a change.
     */
    public Optional<Double> change() {
        if (scored.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(total(scored.getLast()) - total(scored.getFirst()));
    }

    public Optional<String> latestBand() {
        return latest().map(observation -> observation.score().band());
    }

    /** Empty when there is no scored observation or the instrument has no caseness cut-off. */
    public Optional<Boolean> latestCaseness() {
        return latest().map(observation -> observation.score().caseness());
    }

    /** {@link Change#between} baseline and latest; empty below two scored observations. */
    public Optional<Change> classification() {
        if (scored.size() < 2) {
            return Optional.empty();
        }
        return Change.between(instrument, scored.getFirst().score(), scored.getLast().score());
    }

    /**
     * Baseline ± the instrument's published reliable-change threshold, kept within the scores the
     * instrument allows: a later score inside this range is no reliable change. Empty without a
     * baseline or a published threshold.
     */
    public Optional<Range> reliableChangeRange() {
        Instrument.ReliableChange reliableChange = instrument.reliableChange();
        if (reliableChange == null || scored.isEmpty()) {
            return Optional.empty();
        }
        double baseline = total(scored.getFirst());
        double threshold = reliableChange.threshold();
        return Optional.of(new Range(instrument.clamp(baseline - threshold), instrument.clamp(baseline + threshold)));
    }

    private static double total(Observation observation) {
        return Objects.requireNonNull(observation.score().total());
    }
}
