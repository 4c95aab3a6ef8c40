package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * T23: properties of the scoring over arbitrary answer sets: every shipped instrument, and
 * instruments a practice could define (prorating, means, reverse and optional items, subscales,
 * several risk items), with answers given, left empty or left out, in any order, and with
 * out-of-range values, unknown items and items answered twice.
 *
 * <p>The expected score comes from a reference written here from the project's instrument
 * reference ({@code instruments.md}): the shipped instruments' items, ranges, reverse items,
 * subscales, bands, cut-offs and risk items are typed out below, not read from the definitions,
 * and totals are computed as exact fractions, so a rounding slip in the scorer shows as a
 * different band or caseness.
 */
class ScoringPropertiesTest {

    private static final Map<String, Instrument> LIBRARY = InstrumentLibrary.load();

    // ---------------------------------------------------------------- the reference

    /** An exact fraction; sums of a few dozen small answers never overflow a long. */
    record Q(long num, long den) implements Comparable<Q> {
        Q {
            if (den < 0) {
                num = -num;
                den = -den;
            }
        }

        static Q of(long value) {
            return new Q(value, 1);
        }

        /** A number given in halves (cut-offs such as 10 or 10.5). */
        static Q halves(long halves) {
            return new Q(halves, 2);
        }

        Q minus(Q other) {
            return new Q(num * other.den - other.num * den, den * other.den);
        }

        double value() {
            return (double) num / den;
        }

        @Override
        public int compareTo(Q other) {
            return Long.compare(num * other.den, other.num * den);
        }
    }

    record ItemSpec(String id, List<Integer> values, boolean reversed, boolean optional) {
        int min() {
            return values.stream().mapToInt(Integer::intValue).min().orElseThrow();
        }

        int max() {
            return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }

        /** The value that counts: a reverse item mirrors within its range (CORE-10 items 2, 3: 4 − answer). */
        int scored(int answer) {
            return reversed ? min() + max() - answer : answer;
        }
    }

    record BandSpec(int from, String key) {
    }

    /**
     * What an instrument is, as the reference says. {@code cutOffHalves} is the caseness cut-off
     * times two; {@code riskAtLeast} maps each risk item to the answer (as given) that raises risk.
     */
    record Spec(String id, List<ItemSpec> items, boolean mean, boolean prorate, int maxMissing,
                Map<String, List<String>> subscales, List<BandSpec> bands, @Nullable Integer cutOffHalves,
                boolean higherIsWorse, Map<String, Integer> riskAtLeast, @Nullable Integer reliableChange) {

        ItemSpec item(String id) {
            return items.stream().filter(item -> item.id().equals(id)).findFirst().orElseThrow();
        }

        Set<String> ids() {
            Set<String> ids = new TreeSet<>();
            items.forEach(item -> ids.add(item.id()));
            return ids;
        }

        Q minTotal() {
            long sum = items.stream().mapToLong(ItemSpec::min).sum();
            return mean ? new Q(sum, items.size()) : Q.of(sum);
        }

        Q maxTotal() {
            long sum = items.stream().mapToLong(ItemSpec::max).sum();
            return mean ? new Q(sum, items.size()) : Q.of(sum);
        }
    }

    record Expected(Score.Completeness completeness, @Nullable Q total, @Nullable String band,
                    @Nullable Boolean caseness, Score.Risk risk, Map<String, Q> subscales, List<String> missing) {
    }

    private static List<ItemSpec> items(String prefix, int count, int min, int max, int... reversed) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> new ItemSpec(prefix + n,
                IntStream.rangeClosed(min, max).boxed().toList(),
                IntStream.of(reversed).anyMatch(r -> r == n), false)).toList();
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> prefix + n).toList();
    }

    private static List<BandSpec> bands(Object... fromAndKey) {
        List<BandSpec> bands = new ArrayList<>();
        for (int i = 0; i < fromAndKey.length; i += 2) {
            bands.add(new BandSpec((Integer) fromAndKey[i], (String) fromAndKey[i + 1]));
        }
        return bands;
    }

    /** The shipped instruments as instruments.md describes them (§2 PHQ-9 … §15 GBO). */
    static final List<Spec> SHIPPED = List.of(
            // §2: 9 × 0–3, sum 0–27, bands 5/10/15/20, caseness ≥ 10, risk: item 9 > 0, IAPT reliable change 6.
            new Spec("phq-9", items("phq9_", 9, 0, 3), false, false, 0, Map.of(),
                    bands(0, "minimal", 5, "mild", 10, "moderate", 15, "moderately_severe", 20, "severe"), 20, true,
                    Map.of("phq9_9", 1), 6),
            // §3: 7 × 0–3, sum 0–21, bands 5/10/15, caseness ≥ 8 (IAPT), reliable change 4, no risk item.
            new Spec("gad-7", items("gad7_", 7, 0, 3), false, false, 0, Map.of(),
                    bands(0, "minimal", 5, "mild", 10, "moderate", 15, "severe"), 16, true, Map.of(), 4),
            // §4: 15 × 0–2, sum 0–30, bands 5/10/15; item 4 (women only) optional, neither missing nor prorated.
            new Spec("phq-15", IntStream.rangeClosed(1, 15).mapToObj(n -> new ItemSpec("phq15_" + n,
                    List.of(0, 1, 2), false, n == 4)).toList(), false, false, 0, Map.of(),
                    bands(0, "minimal", 5, "low", 10, "medium", 15, "high"), null, true, Map.of(), null),
            // §11: 10 × 0–4, items 2 and 3 reversed, bands 6/11/15/20/25, caseness ≥ 11, risk item 6, RCI 6.
            new Spec("core-10", items("core10_", 10, 0, 4, 2, 3), false, false, 0, Map.of(),
                    bands(0, "healthy", 6, "low", 11, "mild", 15, "moderate", 20, "moderate_severe", 25, "severe"),
                    22, true, Map.of("core10_6", 1), 6),
            // §10 (UK): 3 × 0–4, sum 0–12, ≥ 5 positive; OHID zones 5/8/11.
            new Spec("audit-c-uk", items("auditc_", 3, 0, 4), false, false, 0, Map.of(),
                    bands(0, "low_risk", 5, "increasing_risk", 8, "higher_risk", 11, "possible_dependence"), 10,
                    true, Map.of(), null),
            // §9: 20 × 0–4, sum 0–80, clusters B 1–5, C 6–7, D 8–14, E 15–20, cut-point 33, no bands.
            new Spec("pcl-5", items("pcl5_", 20, 0, 4), false, false, 0, orderedMap(
                    "intrusion", ids("pcl5_", 1, 5), "avoidance", ids("pcl5_", 6, 7),
                    "negative_cognition_mood", ids("pcl5_", 8, 14), "arousal_reactivity", ids("pcl5_", 15, 20)),
                    List.of(), 66, true, Map.of(), null),
            // §15: one goal rated 0–10, higher is better.
            new Spec("goal-rating", List.of(new ItemSpec("goal", IntStream.rangeClosed(0, 10).boxed().toList(),
                    false, false)), false, false, 0, Map.of(), List.of(), null, false, Map.of(), null),
            // Session feedback (ours, not validated): 4 ratings 0–10, the mean, higher is better.
            new Spec("session-feedback", List.of("heard", "goals", "approach", "overall").stream()
                    .map(id -> new ItemSpec(id, IntStream.rangeClosed(0, 10).boxed().toList(), false, false)).toList(),
                    true, false, 0, Map.of(), List.of(), null, false, Map.of(), null));

    private static Map<String, List<String>> orderedMap(Object... nameAndItems) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndItems.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) nameAndItems[i + 1];
            map.put((String) nameAndItems[i], items);
        }
        return map;
    }

    /** Sum (prorated to the items that count) or mean of the answered items; null when none is answered. */
    private static @Nullable Q combine(Spec spec, List<String> itemIds, Map<String, Integer> given) {
        long counted = 0;
        long answered = 0;
        long sum = 0;
        for (String id : itemIds) {
            ItemSpec item = spec.item(id);
            Integer answer = given.get(id);
            if (answer != null) {
                answered++;
                counted++;
                sum += item.scored(answer);
            } else if (!item.optional()) {
                counted++;
            }
        }
        if (answered == 0) {
            return null;
        }
        return spec.mean() ? new Q(sum, answered) : new Q(sum * counted, answered);
    }

    /** The score the rules give for these answers (item → answer as given; unanswered items absent). */
    static Expected expected(Spec spec, Map<String, Integer> given) {
        List<String> missing = spec.items().stream().filter(item -> !item.optional())
                .map(ItemSpec::id).filter(id -> !given.containsKey(id)).toList();
        Score.Risk risk;
        if (spec.riskAtLeast().isEmpty()) {
            risk = Score.Risk.NOT_APPLICABLE;
        } else if (spec.riskAtLeast().entrySet().stream()
                .anyMatch(rule -> given.containsKey(rule.getKey()) && given.get(rule.getKey()) >= rule.getValue())) {
            risk = Score.Risk.POSITIVE;
        } else if (spec.riskAtLeast().keySet().stream().anyMatch(id -> !given.containsKey(id))) {
            risk = Score.Risk.UNKNOWN;
        } else {
            risk = Score.Risk.NEGATIVE;
        }
        Q total = combine(spec, spec.items().stream().map(ItemSpec::id).toList(), given);
        boolean allowed = missing.isEmpty() || spec.prorate() && missing.size() <= spec.maxMissing();
        if (!allowed || total == null) {
            return new Expected(Score.Completeness.INCOMPLETE, null, null, null, risk, Map.of(), missing);
        }
        String band = null;
        for (BandSpec candidate : spec.bands()) {
            if (total.compareTo(Q.of(candidate.from())) >= 0) {
                band = candidate.key();
            }
        }
        Boolean caseness = spec.cutOffHalves() == null ? null : spec.higherIsWorse()
                ? total.compareTo(Q.halves(spec.cutOffHalves())) >= 0
                : total.compareTo(Q.halves(spec.cutOffHalves())) <= 0;
        Map<String, Q> subscales = new LinkedHashMap<>();
        spec.subscales().forEach((name, members) -> {
            Q value = combine(spec, members, given);
            if (value != null) {
                subscales.put(name, value);
            }
        });
        return new Expected(missing.isEmpty() ? Score.Completeness.COMPLETE : Score.Completeness.PRORATED, total,
                band, caseness, risk, subscales, missing);
    }

    /** Change between two scores as Jacobson–Truax and NHS Talking Therapies apply it per measure (§0, §1). */
    static Optional<Change> expectedChange(Spec spec, Expected first, Expected later) {
        if (first.total() == null || later.total() == null || spec.reliableChange() == null) {
            return Optional.empty();
        }
        Q improvement = spec.higherIsWorse() ? first.total().minus(later.total()) : later.total().minus(first.total());
        Q threshold = Q.of(spec.reliableChange());
        if (Q.of(0).minus(improvement).compareTo(threshold) >= 0) {
            return Optional.of(Change.RELIABLE_DETERIORATION);
        }
        boolean reliable = improvement.compareTo(threshold) >= 0;
        boolean recovered = Boolean.TRUE.equals(first.caseness()) && Boolean.FALSE.equals(later.caseness());
        return Optional.of(recovered ? reliable ? Change.RELIABLE_RECOVERY : Change.RECOVERY
                : reliable ? Change.RELIABLE_IMPROVEMENT : Change.NO_RELIABLE_CHANGE);
    }

    private static void assertScore(Score actual, Expected expected) {
        assertThat(actual.completeness()).as("completeness").isEqualTo(expected.completeness());
        assertThat(actual.risk()).as("risk").isEqualTo(expected.risk());
        assertThat(actual.missingItems()).as("missing items").isEqualTo(expected.missing());
        if (expected.total() == null) {
            assertThat(actual.total()).as("total").isNull();
        } else {
            assertThat(actual.total()).as("total").isCloseTo(expected.total().value(), within(1e-9));
        }
        assertThat(actual.band()).as("band").isEqualTo(expected.band());
        assertThat(actual.caseness()).as("caseness").isEqualTo(expected.caseness());
        assertThat(actual.subscales().keySet()).as("subscales").containsExactlyElementsOf(expected.subscales().keySet());
        expected.subscales().forEach((name, value) ->
                assertThat(actual.subscales().get(name)).as(name).isCloseTo(value.value(), within(1e-9)));
        assertThat(actual.scored()).isEqualTo(expected.total() != null);
    }

    // ---------------------------------------------------------------- answers

    /** One item's slot in a response: answered, sent empty, or left out of the list altogether. */
    record Slot(String item, @Nullable Integer value, boolean sent) {
        Answer answer() {
            return new Answer(item, value);
        }
    }

    /** An instrument, its reference, and a response in the order it was sent. */
    record Case(Spec spec, Instrument instrument, List<Slot> slots) {
        List<Answer> answers() {
            return slots.stream().filter(Slot::sent).map(Slot::answer).toList();
        }

        Map<String, Integer> given() {
            Map<String, Integer> given = new LinkedHashMap<>();
            slots.stream().filter(slot -> slot.value() != null).forEach(slot -> given.put(slot.item(), slot.value()));
            return given;
        }

        Expected expected() {
            return ScoringPropertiesTest.expected(spec, given());
        }

        Score score() {
            return Scorer.score(instrument, answers());
        }

        @Override
        public String toString() {
            return spec.id() + " " + slots.stream().filter(Slot::sent)
                    .map(slot -> slot.item() + "=" + slot.value()).toList();
        }
    }

    private static Arbitrary<Slot> slot(ItemSpec item, int answeredWeight, int emptyWeight, int leftOutWeight) {
        return Arbitraries.frequencyOf(
                Tuple.of(answeredWeight, Arbitraries.of(item.values()).map(value -> new Slot(item.id(), value, true))),
                Tuple.of(emptyWeight, Arbitraries.just(new Slot(item.id(), null, true))),
                Tuple.of(leftOutWeight, Arbitraries.just(new Slot(item.id(), null, false))));
    }

    /** Every item's slot, then shuffled: answers arrive in any order. */
    private static Arbitrary<List<Slot>> response(Spec spec, int answered, int empty, int leftOut,
                                                   Map<String, Arbitrary<Slot>> overrides) {
        List<Arbitrary<Slot>> slots = spec.items().stream().map(item -> overrides.containsKey(item.id())
                ? overrides.get(item.id()) : slot(item, answered, empty, leftOut)).toList();
        return Combinators.combine(slots).as(List::copyOf).flatMap(Arbitraries::shuffle);
    }

    /** Mostly complete, sometimes with gaps, sometimes mostly empty. */
    private static Arbitrary<List<Slot>> anyResponse(Spec spec, Map<String, Arbitrary<Slot>> overrides) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, response(spec, 1, 0, 0, overrides)),
                Tuple.of(4, response(spec, 12, 1, 1, overrides)),
                Tuple.of(1, response(spec, 1, 2, 2, overrides)));
    }

    private static Arbitrary<Spec> shippedSpecs() {
        return Arbitraries.of(SHIPPED);
    }

    @Provide
    Arbitrary<Case> shipped() {
        return shippedSpecs().flatMap(spec -> anyResponse(spec, Map.of())
                .map(slots -> new Case(spec, LIBRARY.get(spec.id()), slots)));
    }

    @Provide
    Arbitrary<Case> shippedComplete() {
        return shippedSpecs().flatMap(spec -> response(spec, 1, 0, 0, Map.of())
                .map(slots -> new Case(spec, LIBRARY.get(spec.id()), slots)));
    }

    /** A shipped instrument with a risk item, that item answered at or above its trigger, the rest anything. */
    @Provide
    Arbitrary<Case> shippedRiskPositive() {
        return Arbitraries.of(SHIPPED.stream().filter(spec -> !spec.riskAtLeast().isEmpty()).toList())
                .flatMap(spec -> Arbitraries.of(List.copyOf(spec.riskAtLeast().keySet())).flatMap(risk -> {
                    ItemSpec item = spec.item(risk);
                    Arbitrary<Slot> positive = Arbitraries.of(item.values().stream()
                            .filter(value -> value >= spec.riskAtLeast().get(risk)).toList())
                            .map(value -> new Slot(risk, value, true));
                    return anyResponse(spec, Map.of(risk, positive))
                            .map(slots -> new Case(spec, LIBRARY.get(spec.id()), slots));
                }));
    }

    /** A shipped instrument with a risk item left empty or left out, the rest anything. */
    @Provide
    Arbitrary<Case> shippedRiskUnanswered() {
        return Arbitraries.of(SHIPPED.stream().filter(spec -> !spec.riskAtLeast().isEmpty()).toList())
                .flatMap(spec -> Arbitraries.of(List.copyOf(spec.riskAtLeast().keySet())).flatMap(risk -> {
                    Arbitrary<Slot> unanswered = Arbitraries.of(new Slot(risk, null, true), new Slot(risk, null, false));
                    return anyResponse(spec, Map.of(risk, unanswered))
                            .map(slots -> new Case(spec, LIBRARY.get(spec.id()), slots));
                }));
    }

    // ---------------------------------------------------------------- shipped instruments

    @Example
    void theReferenceDescribesEveryShippedInstrumentItemForItem() {
        assertThat(LIBRARY.keySet()).containsExactlyInAnyOrderElementsOf(SHIPPED.stream().map(Spec::id).toList());
        for (Spec spec : SHIPPED) {
            Instrument instrument = LIBRARY.get(spec.id());
            assertThat(instrument.items().stream().map(Instrument.Item::id).toList()).as(spec.id())
                    .isEqualTo(spec.items().stream().map(ItemSpec::id).toList());
        }
    }

    @Property(tries = 1000)
    void anyResponseScoresAsTheReferenceFormula(@ForAll("shipped") Case response) {
        assertScore(response.score(), response.expected());
    }

    @Property(tries = 500)
    void aCompleteResponseIsTheReferenceTotalWithinTheInstrumentsRange(@ForAll("shippedComplete") Case response) {
        Score score = response.score();
        Expected expected = response.expected();
        assertScore(score, expected);
        assertThat(score.completeness()).isEqualTo(Score.Completeness.COMPLETE);
        // PHQ-9 in [0, 27], GAD-7 [0, 21], PHQ-15 [0, 30], CORE-10 [0, 40], AUDIT-C [0, 12], PCL-5 [0, 80].
        assertThat(score.total()).isBetween(response.spec().minTotal().value(), response.spec().maxTotal().value());
        // Subscales add up to the total (PCL-5's clusters cover all 20 items).
        if (!score.subscales().isEmpty()) {
            assertThat(score.subscales().values().stream().mapToDouble(Double::doubleValue).sum())
                    .isCloseTo(score.total(), within(1e-9));
        }
    }

    @Property(tries = 300)
    void theOrderOfTheAnswersDoesNotMatter(@ForAll("shipped") Case response) {
        List<Answer> reversed = new ArrayList<>(response.answers()).reversed();
        List<Answer> sorted = response.answers().stream().sorted(Comparator.comparing(Answer::item)).toList();
        Score score = response.score();
        assertThat(Scorer.score(response.instrument(), reversed)).isEqualTo(score);
        assertThat(Scorer.score(response.instrument(), sorted)).isEqualTo(score);
    }

    @Property(tries = 500)
    void anyPositiveAnswerOnARiskItemRaisesTheRiskFlag(@ForAll("shippedRiskPositive") Case response) {
        Score score = response.score();
        assertThat(score.risk()).isEqualTo(Score.Risk.POSITIVE);
        assertScore(score, response.expected());
    }

    @Property(tries = 300)
    void anUnansweredRiskItemIsIncompleteAndNeverNoRisk(@ForAll("shippedRiskUnanswered") Case response) {
        Score score = response.score();
        assertThat(score.risk()).isNotEqualTo(Score.Risk.NEGATIVE).isIn(Score.Risk.UNKNOWN, Score.Risk.POSITIVE);
        assertThat(score.completeness()).as("no shipped instrument prorates").isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(score.total()).isNull();
        assertScore(score, response.expected());
    }

    @Property(tries = 500)
    void anIncompleteResponseIsMarkedIncompleteAndNeverScored(@ForAll("shipped") Case response) {
        Score score = response.score();
        boolean requiredMissing = response.spec().items().stream()
                .anyMatch(item -> !item.optional() && !response.given().containsKey(item.id()));
        if (requiredMissing) {
            assertThat(score.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
            assertThat(score.total()).isNull();
            assertThat(score.band()).isNull();
            assertThat(score.caseness()).isNull();
            assertThat(score.subscales()).isEmpty();
            assertThat(score.missingItems()).isNotEmpty();
        } else {
            assertThat(score.completeness()).isEqualTo(Score.Completeness.COMPLETE);
        }
        assertThat(score.completeness()).as("no shipped instrument allows prorating")
                .isNotEqualTo(Score.Completeness.PRORATED);
        if (score.risk() == Score.Risk.NEGATIVE) {
            assertThat(response.spec().riskAtLeast().keySet()).allMatch(response.given()::containsKey);
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Case, String, Integer>> outOfRange() {
        return shipped().flatMap(response -> Arbitraries.of(response.spec().items()).flatMap(item -> Arbitraries
                .oneOf(Arbitraries.integers().between(-1000, 1000), Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE,
                        item.min() - 1, item.max() + 1))
                .filter(value -> !item.values().contains(value))
                .map(value -> Tuple.of(response, item.id(), value))));
    }

    @Property(tries = 300)
    void aValueTheItemDoesNotOfferIsRefusedNamingTheItem(@ForAll("outOfRange") Tuple.Tuple3<Case, String, Integer> fault) {
        List<Answer> answers = new ArrayList<>(fault.get1().answers().stream()
                .filter(answer -> !answer.item().equals(fault.get2())).toList());
        answers.add(Math.floorMod(fault.get3(), answers.size() + 1), Answer.of(fault.get2(), fault.get3()));
        assertThatThrownBy(() -> Scorer.score(fault.get1().instrument(), answers)).isInstanceOf(InvalidResponse.class)
                .hasMessageContaining("'" + fault.get2() + "'").hasMessageContaining(String.valueOf(fault.get3()));
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Case, String, Integer>> unknownItem() {
        return shipped().flatMap(response -> Arbitraries.oneOf(
                        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_', '-', ' ', '\'')
                                .ofMaxLength(12),
                        Arbitraries.of(response.spec().items()).map(item -> item.id() + "0"),
                        Arbitraries.of(response.spec().items()).map(item -> item.id().toUpperCase(java.util.Locale.ROOT)),
                        Arbitraries.of(response.spec().items()).map(item -> " " + item.id()))
                .filter(id -> !response.spec().ids().contains(id))
                .flatMap(id -> Arbitraries.integers().between(0, response.answers().size())
                        .map(at -> Tuple.of(response, id, at))));
    }

    @Property(tries = 300)
    void anItemTheInstrumentDoesNotHaveIsRefusedNamingIt(@ForAll("unknownItem") Tuple.Tuple3<Case, String, Integer> fault) {
        List<Answer> answers = new ArrayList<>(fault.get1().answers());
        answers.add(fault.get3(), Answer.of(fault.get2(), 1));
        assertThatThrownBy(() -> Scorer.score(fault.get1().instrument(), answers)).isInstanceOf(InvalidResponse.class)
                .hasMessageContaining("'" + fault.get2() + "'").hasMessageContaining("not part of");
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Case, Answer, Integer>> duplicate() {
        // A FHIR QuestionnaireResponse may carry an item twice; the form and the CSV row cannot.
        return shipped().filter(response -> !response.answers().isEmpty()).flatMap(response ->
                Arbitraries.of(response.answers()).flatMap(answer -> Arbitraries.oneOf(
                                Arbitraries.just((Integer) null),
                                Arbitraries.of(response.spec().item(answer.item()).values()))
                        .flatMap(value -> Arbitraries.integers().between(0, response.answers().size())
                                .map(at -> Tuple.of(response, new Answer(answer.item(), value), at)))));
    }

    @Property(tries = 300)
    void anItemAnsweredTwiceIsRefusedEvenWithTheSameValue(@ForAll("duplicate") Tuple.Tuple3<Case, Answer, Integer> fault) {
        List<Answer> answers = new ArrayList<>(fault.get1().answers());
        answers.add(fault.get3(), fault.get2());
        assertThatThrownBy(() -> Scorer.score(fault.get1().instrument(), answers)).isInstanceOf(InvalidResponse.class)
                .hasMessageContaining("'" + fault.get2().item() + "'").hasMessageContaining("more than once");
    }

    // ---------------------------------------------------------------- change between scores

    @Provide
    Arbitrary<Tuple.Tuple3<Case, Case, Case>> shippedPairs() {
        return shippedSpecs().flatMap(spec -> {
            Instrument instrument = LIBRARY.get(spec.id());
            Arbitrary<Case> one = Arbitraries.frequencyOf(Tuple.of(5, response(spec, 1, 0, 0, Map.of())),
                    Tuple.of(1, anyResponse(spec, Map.of()))).map(slots -> new Case(spec, instrument, slots));
            return Combinators.combine(one, one, one).as(Tuple::of);
        });
    }

    @Property(tries = 500)
    void changeBetweenTwoScoresFollowsTheReliableChangeRule(@ForAll("shippedPairs") Tuple.Tuple3<Case, Case, Case> pair) {
        Case first = pair.get1();
        Case later = pair.get2();
        assertThat(Change.between(first.instrument(), first.score(), later.score()))
                .isEqualTo(expectedChange(first.spec(), first.expected(), later.expected()));
    }

    @Property(tries = 300)
    void changeStatisticsUseTheFirstAndLastScoredResponseInTimeOrder(
            @ForAll("shippedPairs") Tuple.Tuple3<Case, Case, Case> three, @ForAll("permutation") List<Integer> order) {
        assertChangeStatistics(List.of(three.get1(), three.get2(), three.get3()), order);
    }

    @Provide
    Arbitrary<List<Integer>> permutation() {
        return Arbitraries.shuffle(0, 1, 2);
    }

    private static void assertChangeStatistics(List<Case> inTimeOrder, List<Integer> arrival) {
        Spec spec = inTimeOrder.getFirst().spec();
        Instrument instrument = inTimeOrder.getFirst().instrument();
        Instant start = Instant.parse("2026-01-05T09:00:00Z");
        List<Observation> observations = new ArrayList<>();
        for (int index : arrival) {
            observations.add(new Observation(start.plusSeconds(86_400L * 7 * index), index,
                    inTimeOrder.get(index).score()));
        }
        ChangeStatistics statistics = ChangeStatistics.of(instrument, observations);

        List<Integer> scored = IntStream.range(0, inTimeOrder.size())
                .filter(i -> inTimeOrder.get(i).expected().total() != null).boxed().toList();
        assertThat(statistics.scored()).extracting(Observation::session).containsExactlyElementsOf(scored);
        assertThat(statistics.baseline().map(Observation::session)).isEqualTo(scored.stream().findFirst());
        assertThat(statistics.latest().map(Observation::session))
                .isEqualTo(scored.isEmpty() ? Optional.empty() : Optional.of(scored.getLast()));
        if (scored.isEmpty()) {
            assertThat(statistics.latestBand()).isEmpty();
            assertThat(statistics.latestCaseness()).isEmpty();
            assertThat(statistics.reliableChangeRange()).isEmpty();
        } else {
            Expected last = inTimeOrder.get(scored.getLast()).expected();
            assertThat(statistics.latestBand()).isEqualTo(Optional.ofNullable(last.band()));
            assertThat(statistics.latestCaseness()).isEqualTo(Optional.ofNullable(last.caseness()));
            Expected baseline = inTimeOrder.get(scored.getFirst()).expected();
            if (spec.reliableChange() == null) {
                assertThat(statistics.reliableChangeRange()).isEmpty();
            } else {
                double low = Math.max(spec.minTotal().value(),
                        Math.min(spec.maxTotal().value(), baseline.total().value() - spec.reliableChange()));
                double high = Math.max(spec.minTotal().value(),
                        Math.min(spec.maxTotal().value(), baseline.total().value() + spec.reliableChange()));
                ChangeStatistics.Range range = statistics.reliableChangeRange().orElseThrow();
                assertThat(range.low()).isCloseTo(low, within(1e-9));
                assertThat(range.high()).isCloseTo(high, within(1e-9));
            }
        }
        if (scored.size() < 2) {
            assertThat(statistics.change()).isEmpty();
            assertThat(statistics.classification()).isEmpty();
        } else {
            Expected baseline = inTimeOrder.get(scored.getFirst()).expected();
            Expected last = inTimeOrder.get(scored.getLast()).expected();
            assertThat(statistics.change().orElseThrow())
                    .isCloseTo(last.total().minus(baseline.total()).value(), within(1e-9));
            assertThat(statistics.classification()).isEqualTo(expectedChange(spec, baseline, last));
        }
    }

    // ---------------------------------------------------------------- instruments a practice defines

    /** A practice's own instrument: the reference and the same definition as the app holds it. */
    record Practice(Spec spec, Instrument instrument) {
        @Override
        public String toString() {
            return spec.toString();
        }
    }

    private static Instrument instrumentOf(Spec spec) {
        List<Instrument.Item> items = spec.items().stream().map(item -> new Instrument.Item(item.id(),
                Map.of("en", item.id()), item.values().stream()
                .map(value -> new Instrument.Option(value, Map.of("en", String.valueOf(value)))).toList(), null,
                item.optional())).toList();
        Set<String> reversed = new java.util.LinkedHashSet<>();
        spec.items().stream().filter(ItemSpec::reversed).forEach(item -> reversed.add(item.id()));
        return new Instrument(spec.id(), 1, Map.of("en", spec.id()), Map.of(), new Instrument.Licence("Ours", "Ours"),
                spec.higherIsWorse() ? Instrument.Direction.HIGHER_IS_WORSE : Instrument.Direction.HIGHER_IS_BETTER,
                items, new Instrument.Scoring(spec.mean() ? Instrument.Scoring.Method.MEAN : Instrument.Scoring.Method.SUM,
                spec.maxMissing(), spec.prorate(), reversed, spec.subscales()),
                spec.bands().stream().map(band -> new Instrument.Band(band.from(), band.key())).toList(),
                spec.cutOffHalves() == null ? null : spec.cutOffHalves() / 2.0,
                spec.reliableChange() == null ? null : new Instrument.ReliableChange(spec.reliableChange(), "test"),
                spec.riskAtLeast().entrySet().stream()
                        .map(rule -> new Instrument.RiskRule(rule.getKey(), rule.getValue())).toList(),
                new Instrument.Loinc(null, null), false);
    }

    @Provide
    Arbitrary<Practice> practice() {
        Arbitrary<ItemSpec> itemShape = Combinators.combine(
                Arbitraries.integers().between(-3, 12).set().ofMinSize(2).ofMaxSize(6).map(values -> List.copyOf(
                        new TreeSet<>(values))),
                Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)),
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)))
                .as((values, reversed, optional) -> new ItemSpec("", values, reversed, optional));
        return Arbitraries.integers().between(1, 16).flatMap(count -> Combinators.combine(
                itemShape.list().ofSize(count),
                Arbitraries.of(false, true),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, count - 1).set().ofMinSize(1).list().ofMaxSize(3),
                Arbitraries.integers().between(-10, 80).set().ofMaxSize(5),
                Arbitraries.integers().between(-20, 160).injectNull(0.3),
                Arbitraries.of(true, false)).flatAs((shapes, mean, prorate, maxMissing, subscaleSets, bandFroms,
                                                   cutOff, worse) -> {
            List<ItemSpec> items = IntStream.range(0, count).mapToObj(i -> new ItemSpec("q" + (i + 1),
                    shapes.get(i).values(), shapes.get(i).reversed(), shapes.get(i).optional())).toList();
            Map<String, List<String>> subscales = new LinkedHashMap<>();
            for (int s = 0; s < subscaleSets.size(); s++) {
                subscales.put("s" + s, subscaleSets.get(s).stream().sorted().map(i -> "q" + (i + 1)).toList());
            }
            List<BandSpec> bands = new TreeSet<>(bandFroms).stream().map(from -> new BandSpec(from, "b" + from))
                    .toList();
            Arbitrary<Map<String, Integer>> risk = Arbitraries.integers().between(0, count - 1).set().ofMaxSize(3)
                    .flatMap(indices -> {
                        List<Arbitrary<Tuple.Tuple2<String, Integer>>> rules = indices.stream()
                                .map(i -> Arbitraries.of(items.get(i).values()).map(atLeast -> Tuple.of(items.get(i).id(), atLeast)))
                                .toList();
                        return Combinators.combine(rules).as(list -> {
                            Map<String, Integer> map = new LinkedHashMap<>();
                            list.forEach(rule -> map.put(rule.get1(), rule.get2()));
                            return map;
                        });
                    });
            return Combinators.combine(risk, Arbitraries.integers().between(1, 8).injectNull(0.3)).as((rules, rci) -> {
                Spec spec = new Spec("practice", items, mean, prorate, maxMissing, subscales, bands, cutOff, worse,
                        rules, rci);
                return new Practice(spec, instrumentOf(spec));
            });
        }));
    }

    @Provide
    Arbitrary<Case> practiceResponse() {
        return practice().flatMap(practice -> anyResponse(practice.spec(), Map.of())
                .map(slots -> new Case(practice.spec(), practice.instrument(), slots)));
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void aPracticesInstrumentScoresAsItsDeclaredRules(@ForAll("practiceResponse") Case response) {
        assertScore(response.score(), response.expected());
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void onlyAsManyMissingItemsAsTheDefinitionAllowsAreProrated(@ForAll("practiceResponse") Case response) {
        Score score = response.score();
        int missing = score.missingItems().size();
        switch (score.completeness()) {
            case COMPLETE -> assertThat(missing).isZero();
            case PRORATED -> {
                assertThat(response.spec().prorate()).isTrue();
                assertThat(missing).isBetween(1, response.spec().maxMissing());
            }
            case INCOMPLETE -> {
                assertThat(score.total()).isNull();
                assertThat(score.subscales()).isEmpty();
            }
        }
        if (missing > 0 && !(response.spec().prorate() && missing <= response.spec().maxMissing())) {
            assertThat(score.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        }
        if (score.risk() == Score.Risk.NEGATIVE) {
            assertThat(response.spec().riskAtLeast().keySet()).allMatch(response.given()::containsKey);
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<List<Case>, List<Integer>>> practiceEpisode() {
        return practice().flatMap(practice -> {
            Arbitrary<Case> one = anyResponse(practice.spec(), Map.of())
                    .map(slots -> new Case(practice.spec(), practice.instrument(), slots));
            return one.list().ofMinSize(0).ofMaxSize(5).flatMap(cases -> Arbitraries.shuffle(
                    IntStream.range(0, cases.size()).boxed().toList()).map(order -> Tuple.of(cases, order)));
        });
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void changeStatisticsFollowTheRulesForAPracticesInstrument(
            @ForAll("practiceEpisode") Tuple.Tuple2<List<Case>, List<Integer>> episode) {
        if (episode.get1().isEmpty()) {
            return;
        }
        assertChangeStatistics(episode.get1(), episode.get2());
    }

    // ---------------------------------------------------------------- defects the properties point at

    private static Spec practiceSpec(int items, int min, int max, boolean prorate, int maxMissing, boolean optional,
                                     @Nullable Integer cutOffHalves) {
        return new Spec("practice", IntStream.rangeClosed(1, items).mapToObj(n -> new ItemSpec("q" + n,
                IntStream.rangeClosed(min, max).boxed().toList(), false, optional)).toList(), false, prorate,
                maxMissing, Map.of(), List.of(new BandSpec(min, "low"), new BandSpec(123, "high")), cutOffHalves, true,
                Map.of(), 6);
    }

    /**
     * Prorating 10 of 15 items answered with a sum of 82 gives exactly 82 · 15 / 10 = 123; the scorer
     * computed (82 / 10) · 15 = 122.99999999999999, below a cut-off or band starting at 123.
     */
    @Example
    void aProratedTotalOnACutOffIsExactlyOnIt() {
        Spec spec = practiceSpec(15, 0, 10, true, 5, false, 246);
        List<Answer> answers = new ArrayList<>();
        int[] values = {10, 10, 10, 10, 10, 10, 10, 10, 2, 0};
        for (int i = 0; i < values.length; i++) {
            answers.add(Answer.of("q" + (i + 1), values[i]));
        }
        Score score = Scorer.score(instrumentOf(spec), answers);
        assertThat(score.completeness()).isEqualTo(Score.Completeness.PRORATED);
        assertThat(score.total()).isEqualTo(123.0);
        assertThat(score.band()).isEqualTo("high");
        assertThat(score.caseness()).isTrue();
    }

    /** On a higher-is-better scale a total at the cut-off is caseness (at or below it), one above is not. */
    @Example
    void onAHigherIsBetterScaleATotalOnTheCutOffIsCaseness() {
        Spec spec = new Spec("practice", List.of(new ItemSpec("q1", List.of(0, 1, 2, 3, 4, 5), false, false)), false,
                false, 0, Map.of(), List.of(), 6, false, Map.of(), null);
        Instrument instrument = instrumentOf(spec);
        assertThat(Scorer.score(instrument, List.of(Answer.of("q1", 3))).caseness()).isTrue();
        assertThat(Scorer.score(instrument, List.of(Answer.of("q1", 4))).caseness()).isFalse();
        assertThat(Change.RELIABLE_RECOVERY.csv()).isEqualTo("reliable_recovery");
    }

    /** Nothing answered where nothing is required, or more may be missing than there are items: not scored. */
    @Example
    void aResponseWithNoAnswerIsIncompleteNotACrash() {
        Instrument allOptional = instrumentOf(practiceSpec(3, 0, 3, false, 0, true, 4));
        Score empty = Scorer.score(allOptional, List.of());
        assertThat(empty.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(empty.total()).isNull();

        Instrument lenient = instrumentOf(practiceSpec(3, 0, 3, true, 3, false, 4));
        Score blank = Scorer.score(lenient, List.of(Answer.missing("q1"), Answer.missing("q2")));
        assertThat(blank.completeness()).isEqualTo(Score.Completeness.INCOMPLETE);
        assertThat(blank.total()).isNull();
        assertThat(blank.missingItems()).containsExactly("q1", "q2", "q3");
    }
}
