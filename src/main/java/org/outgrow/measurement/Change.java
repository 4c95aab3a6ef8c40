package org.outgrow.measurement;

import java.util.Optional;

/**
 * How a later score compares with the first, by the instrument's published reliable-change
 * threshold and caseness cut-off (Jacobson & Truax, as NHS Talking Therapies applies them per
 * measure): recovery is moving from caseness to below it; reliable recovery adds a reliable
 * improvement.
 */
public enum Change {
    RELIABLE_IMPROVEMENT, RECOVERY, RELIABLE_RECOVERY, NO_RELIABLE_CHANGE, RELIABLE_DETERIORATION;

    /** Empty when either score is incomplete or the instrument publishes no threshold. */
    public static Optional<Change> between(Instrument instrument, Score first, Score later) {
        if (!first.scored() || !later.scored() || instrument.reliableChange() == null) {
            return Optional.empty();
        }
        double improvement = first.total() - later.total();
        if (instrument.direction() == Instrument.Direction.HIGHER_IS_BETTER) {
            improvement = -improvement;
        }
        double threshold = instrument.reliableChange().threshold();
        if (-improvement >= threshold) {
            return Optional.of(RELIABLE_DETERIORATION);
        }
        boolean reliable = improvement >= threshold;
        boolean recovered = Boolean.TRUE.equals(first.caseness()) && Boolean.FALSE.equals(later.caseness());
        if (recovered) {
            return Optional.of(reliable ? RELIABLE_RECOVERY : RECOVERY);
        }
        return Optional.of(reliable ? RELIABLE_IMPROVEMENT : NO_RELIABLE_CHANGE);
    }

    public String csv() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
