package org.outgrow.measurement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A validated questionnaire, defined as data: items and response options, how it is scored, its
 * severity bands, caseness cut-off and published reliable-change threshold, risk items, LOINC
 * codes and licence. Parsed and checked by {@link InstrumentDefinitions}.
 */
public record Instrument(String id, int version, Map<String, String> names, Map<String, String> instructions,
                         Licence licence, Direction direction,
                         List<Item> items, Scoring scoring, List<Band> bands, @Nullable Double casenessCutOff,
                         @Nullable ReliableChange reliableChange, List<RiskRule> riskRules, Loinc loinc,
                         boolean validated) {

    /** Whether a higher score means more difficulty (PHQ-9) or more wellbeing (WHO-5). */
    public enum Direction { HIGHER_IS_WORSE, HIGHER_IS_BETTER }

    public record Licence(String name, String attribution) {
    }

    /**
     * A question. An {@code optional} item may be left out without making the response incomplete
     * and without prorating (PHQ-15's item for women only): the score is the sum of what was answered.
     */
    public record Item(String id, Map<String, String> text, List<Option> options, @Nullable String loinc,
                       boolean optional) {

        public Item(String id, Map<String, String> text, List<Option> options, @Nullable String loinc) {
            this(id, text, options, loinc, false);
        }

        // A loop rather than a stream here and in item(): the scorer asks for every answer of every
        // response, 100,000 times in an import of 50,000 rows (docs/benchmarks.md).
        boolean allows(int value) {
            for (Option option : options) {
                if (option.value() == value) {
                    return true;
                }
            }
            return false;
        }

        int min() {
            return options.stream().mapToInt(Option::value).min().orElseThrow();
        }

        int max() {
            return options.stream().mapToInt(Option::value).max().orElseThrow();
        }
    }

    public record Option(int value, Map<String, String> label) {
    }

    /**
     * Sum or mean of the item values (reverse items mirrored), subscales likewise, and how many
     * items may be missing: with {@code prorate}, up to {@code maxMissing} missing items are
     * filled in proportionally; beyond that, or without prorating, the response is incomplete.
     */
    public record Scoring(Method method, int maxMissing, boolean prorate, Set<String> reverseItems,
                          Map<String, List<String>> subscales) {

        public enum Method { SUM, MEAN }
    }

    /** A severity band starting at {@code from} (inclusive) and running up to the next band. */
    public record Band(double from, String key) {
    }

    /** The published minimum change that counts as reliable, and where it was published. */
    public record ReliableChange(double threshold, String source) {
    }

    /** An answer of at least {@code atLeast} on this item means risk, whatever the total. */
    public record RiskRule(String item, int atLeast) {
    }

    public record Loinc(@Nullable String panel, @Nullable String total) {
    }

    public Optional<Item> item(String itemId) {
        for (Item item : items) {
            if (item.id().equals(itemId)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /** The lowest total a complete response can have (reverse items mirror within their range). */
    double minTotal() {
        return total(items.stream().mapToInt(Item::min).sum());
    }

    /** The highest total a complete response can have. */
    double maxTotal() {
        return total(items.stream().mapToInt(Item::max).sum());
    }

    /** The best possible total: the floor where higher is worse, the ceiling where higher is better. */
    double bestTotal() {
        return direction == Direction.HIGHER_IS_WORSE ? minTotal() : maxTotal();
    }

    /** How much better {@code later} is than {@code first}, in score points; negative when worse. */
    double improvement(double first, double later) {
        return direction == Direction.HIGHER_IS_WORSE ? first - later : later - first;
    }

    double clamp(double total) {
        return Math.max(minTotal(), Math.min(maxTotal(), total));
    }

    private double total(int sum) {
        return scoring.method() == Scoring.Method.MEAN ? (double) sum / items.size() : sum;
    }
}
