package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Scores a response to an instrument: plain Java, no framework, the same for portal answers,
 * imports and the {@code score} command. The order of answers does not matter; duplicates,
 * unknown items and values an item does not offer are refused with {@link InvalidResponse}.
 */
public final class Scorer {

    private Scorer() {
    }

    public static Score score(Instrument instrument, List<Answer> answers) {
        Map<String, Integer> values = valuesOf(instrument, answers);
        List<String> ids = new ArrayList<>(instrument.items().size());
        List<String> missing = new ArrayList<>();
        for (Instrument.Item item : instrument.items()) {
            ids.add(item.id());
            if (!item.optional() && !values.containsKey(item.id())) {
                missing.add(item.id());
            }
        }
        Score.Risk risk = risk(instrument, values);
        Instrument.Scoring scoring = instrument.scoring();
        boolean scorable = missing.isEmpty() || (scoring.prorate() && missing.size() <= scoring.maxMissing());
        Double total = scorable ? combine(instrument, ids, values) : null;
        if (total == null) {
            // Too much missing, or nothing answered at all (every item optional, or more allowed
            // missing than there are items): not a score of zero.
            return new Score(Score.Completeness.INCOMPLETE, null, null, null, risk, Map.of(), List.copyOf(missing));
        }
        Map<String, Double> subscales = new LinkedHashMap<>();
        scoring.subscales().forEach((name, items) -> {
            Double value = combine(instrument, items, values);
            if (value != null) {
                subscales.put(name, value);
            }
        });
        return new Score(missing.isEmpty() ? Score.Completeness.COMPLETE : Score.Completeness.PRORATED, total,
                band(instrument, total), caseness(instrument, total), risk, subscales, List.copyOf(missing));
    }

    private static Map<String, Integer> valuesOf(Instrument instrument, List<Answer> answers) {
        Map<String, Integer> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Answer answer : answers) {
            Instrument.Item item = instrument.item(answer.item()).orElseThrow(() -> new InvalidResponse(
                    "Item '" + answer.item() + "' is not part of " + instrument.id()));
            if (!seen.add(item.id())) {
                throw new InvalidResponse("Item '" + item.id() + "' is answered more than once");
            }
            Integer value = answer.value();
            if (value == null) {
                continue;
            }
            if (!item.allows(value)) {
                throw new InvalidResponse("Item '" + item.id() + "' has no answer with the value " + value);
            }
            values.put(item.id(), instrument.scoring().reverseItems().contains(item.id())
                    ? item.min() + item.max() - value : value);
        }
        return values;
    }

    /**
     * Sum or mean over the items; a sum with missing items is prorated to the full number. Optional
     * items left unanswered do not count: they are neither missing nor prorated.
     */
    private static @Nullable Double combine(Instrument instrument, List<String> allItems, Map<String, Integer> values) {
        int items = 0;
        int answered = 0;
        double sum = 0;
        for (String id : allItems) {
            Integer value = values.get(id);
            if (value != null) {
                items++;
                answered++;
                sum += value;
            } else if (!instrument.item(id).map(Instrument.Item::optional).orElse(false)) {
                items++;
            }
        }
        if (answered == 0) {
            return null;
        }
        // sum · n / answered, not (sum / answered) · n: the product is exact, so a prorated total that
        // is a whole number comes out as one (82 · 15 / 10 = 123, where 8.2 · 15 = 122.99999999999999).
        return instrument.scoring().method() == Instrument.Scoring.Method.MEAN ? sum / answered
                : sum * items / answered;
    }

    private static Score.Risk risk(Instrument instrument, Map<String, Integer> rawValues) {
        if (instrument.riskRules().isEmpty()) {
            return Score.Risk.NOT_APPLICABLE;
        }
        boolean unknown = false;
        for (Instrument.RiskRule rule : instrument.riskRules()) {
            Integer value = rawValues.get(rule.item());
            if (value == null) {
                unknown = true;
            } else if (raw(instrument, rule.item(), value) >= rule.atLeast()) {
                return Score.Risk.POSITIVE;
            }
        }
        return unknown ? Score.Risk.UNKNOWN : Score.Risk.NEGATIVE;
    }

    /** Risk triggers refer to the value as answered, before any reverse scoring. */
    private static int raw(Instrument instrument, String itemId, int scored) {
        Instrument.Item item = instrument.item(itemId).orElseThrow();
        return instrument.scoring().reverseItems().contains(itemId) ? item.min() + item.max() - scored : scored;
    }

    private static @Nullable String band(Instrument instrument, double total) {
        String band = null;
        for (Instrument.Band candidate : instrument.bands()) {
            if (total >= candidate.from()) {
                band = candidate.key();
            }
        }
        return band;
    }

    private static @Nullable Boolean caseness(Instrument instrument, double total) {
        Double cutOff = instrument.casenessCutOff();
        if (cutOff == null) {
            return null;
        }
        return instrument.direction() == Instrument.Direction.HIGHER_IS_WORSE ? total >= cutOff : total <= cutOff;
    }
}
