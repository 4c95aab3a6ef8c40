package org.outgrow.measurement;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether the client's latest session-feedback rating (our own 0–10 form "session-feedback",
 * higher is better) is a drop against the client's own earlier ratings. Alliance ratings crowd at
 * the top of the scale, so a fixed cut-off says little about one client; a fall from the client's
 * usual level is the signal worth raising in the next session (evidence.md §1: client-rated
 * alliance predicts outcome and dropout; what predicts outcome is noticing and repairing ruptures).
 *
 * <p>The rule (docs/adr/0005): with at least {@value #MINIMUM_EARLIER_RATINGS} earlier ratings in
 * the episode, the latest is a drop when
 * <ul>
 * <li>it is below the mean of all earlier ratings by more than max(1 point, 1.5 × their sample
 * standard deviation), so a client whose ratings always move about needs a larger fall; or</li>
 * <li>it is below 6 after earlier ratings averaging 8 or more: a fall out of the top of the
 * scale into its lower half, even for a client whose ratings vary a lot.</li>
 * </ul>
 * With fewer earlier ratings there is no level to compare with, and no drop is reported. The
 * numbers are our own, explainable choices, not published cut-offs (evidence.md §1.3: at least
 * four occasions make a reliable alliance level, so three earlier plus the latest is the least).
 *
 * @param dropped     whether the latest rating is a drop
 * @param rule        which clause decided
 * @param latest      the latest rating; empty when there are no ratings
 * @param earlierMean mean of the earlier ratings; empty below {@value #MINIMUM_EARLIER_RATINGS}
 * @param dropBelow   a latest rating below this is a drop by the own-level clause; empty likewise
 */
public record AllianceDrop(boolean dropped, Rule rule, @Nullable Double latest, @Nullable Double earlierMean,
                           @Nullable Double dropBelow) {

    /** Earlier ratings needed before a drop can be judged. */
    public static final int MINIMUM_EARLIER_RATINGS = 3;
    /** The smallest fall that counts, whatever the spread: one point on the 0–10 scale. */
    static final double MINIMUM_FALL = 1.0;
    /** The fall, in the client's own standard deviations, that counts. */
    static final double FALL_IN_DEVIATIONS = 1.5;
    /** A mean of earlier ratings at or above this is "at the top of the scale". */
    static final double HIGH_LEVEL = 8.0;
    /** After a high level, a rating below this is a drop whatever the spread. */
    static final double LOW_RATING = 6.0;

    public enum Rule {
        /** Fewer than {@value AllianceDrop#MINIMUM_EARLIER_RATINGS} earlier ratings: not judged. */
        TOO_FEW_RATINGS,
        /** The latest is within the client's usual range. */
        NO_DROP,
        /** The latest fell below the client's own level by more than the margin. */
        BELOW_OWN_LEVEL,
        /** The latest fell below 6 after earlier ratings averaging 8 or more. */
        FELL_FROM_HIGH
    }

    /** @param ratings the episode's session-feedback totals, oldest first */
    public static AllianceDrop assess(List<Double> ratings) {
        if (ratings.size() < MINIMUM_EARLIER_RATINGS + 1) {
            return new AllianceDrop(false, Rule.TOO_FEW_RATINGS, ratings.isEmpty() ? null : ratings.getLast(), null, null);
        }
        List<Double> earlier = ratings.subList(0, ratings.size() - 1);
        double latest = ratings.getLast();
        double mean = earlier.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = earlier.stream().mapToDouble(rating -> (rating - mean) * (rating - mean)).sum()
                / (earlier.size() - 1);
        double dropBelow = mean - Math.max(MINIMUM_FALL, FALL_IN_DEVIATIONS * Math.sqrt(variance));
        Rule rule = latest < dropBelow ? Rule.BELOW_OWN_LEVEL
                : mean >= HIGH_LEVEL && latest < LOW_RATING ? Rule.FELL_FROM_HIGH
                : Rule.NO_DROP;
        return new AllianceDrop(rule != Rule.NO_DROP, rule, latest, mean, dropBelow);
    }
}
