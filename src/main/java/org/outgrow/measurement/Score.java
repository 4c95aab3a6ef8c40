package org.outgrow.measurement;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A scored response. An incomplete response has no total, no band and no caseness; its risk is
 * "unknown" unless an answered risk item already shows risk, so missing answers never read as
 * "no risk".
 */
public record Score(Completeness completeness, @Nullable Double total, @Nullable String band,
                    @Nullable Boolean caseness, Risk risk, Map<String, Double> subscales, List<String> missingItems) {

    public enum Completeness {
        /** Every item answered. */
        COMPLETE,
        /** Some items missing, within the instrument's rule: the total is prorated. */
        PRORATED,
        /** Too many items missing to score. */
        INCOMPLETE
    }

    public enum Risk {
        /** An answered risk item meets its trigger. */
        POSITIVE,
        /** Every risk item answered, none meets its trigger. */
        NEGATIVE,
        /** A risk item is unanswered and none that was answered shows risk. */
        UNKNOWN,
        /** The instrument has no risk items. */
        NOT_APPLICABLE
    }

    public boolean scored() {
        return total != null;
    }
}
