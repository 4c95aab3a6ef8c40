package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an instrument definition (JSON) and checks it thoroughly, so that a definition a practice
 * uploads is refused with every problem named by its field ({@code items[3].options[1].value})
 * rather than scored wrongly later.
 */
public final class InstrumentDefinitions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InstrumentDefinitions() {
    }

    /** The result of reading a definition: the instrument, or the list of problems. */
    public sealed interface Result {
        record Valid(Instrument instrument) implements Result {
        }

        record Invalid(List<String> problems) implements Result {
        }
    }

    public static Result read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            // Some refusals (nesting too deep, a number too long) carry no location.
            return new Result.Invalid(List.of(e.getLocation() == null ? "not valid JSON, or nested or sized beyond"
                    + " what a definition needs" : "not valid JSON (line " + e.getLocation().getLineNr() + ")"));
        }
        Reader reader = new Reader();
        Instrument instrument = reader.instrument(root);
        return reader.problems.isEmpty() && instrument != null ? new Result.Valid(instrument)
                : new Result.Invalid(List.copyOf(reader.problems));
    }

    /** For definitions shipped with Outgrow: a broken one is a bug, reported by file. */
    public static Instrument readShipped(String name, String json) {
        return switch (read(json)) {
            case Result.Valid valid -> valid.instrument();
            case Result.Invalid invalid -> throw new IllegalStateException(
                    "Instrument definition " + name + " is invalid: " + String.join("; ", invalid.problems()));
        };
    }

    private static final class Reader {

        final List<String> problems = new ArrayList<>();

        @Nullable Instrument instrument(JsonNode root) {
            if (!root.isObject()) {
                problems.add("the definition must be a JSON object");
                return null;
            }
            String id = text(root, "id", "id");
            if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,40}")) {
                problems.add("id: use lower-case letters, digits and dashes, e.g. 'phq-9'");
            }
            int version = integer(root, "version", "version", 1, Integer.MAX_VALUE);
            Map<String, String> names = texts(root.get("names"), "names");
            Map<String, String> instructions = root.has("instructions") ? texts(root.get("instructions"), "instructions")
                    : Map.of();
            Instrument.Licence licence = licence(root.get("licence"));
            Instrument.Direction direction = enumValue(root, "direction", Instrument.Direction.class);
            List<Instrument.Option> shared = root.has("options") ? options(root.get("options"), "options") : List.of();
            List<Instrument.Item> items = items(root.get("items"), shared);
            Set<String> itemIds = new HashSet<>();
            items.forEach(item -> itemIds.add(item.id()));
            Instrument.Scoring scoring = scoring(root.get("scoring"), itemIds);
            List<Instrument.Band> bands = bands(root.get("bands"));
            Double cutOff = root.has("casenessCutOff") ? number(root, "casenessCutOff", "casenessCutOff") : null;
            Instrument.ReliableChange reliableChange = reliableChange(root.get("reliableChange"));
            List<Instrument.RiskRule> risk = riskRules(root.get("riskItems"), items);
            JsonNode loinc = root.get("loinc");
            Instrument.Loinc codes = new Instrument.Loinc(loinc == null ? null : optionalText(loinc, "panel"),
                    loinc == null ? null : optionalText(loinc, "total"));
            boolean validated = !root.has("validated") || root.get("validated").booleanValue(true);
            if (!problems.isEmpty() || id == null || licence == null || direction == null || scoring == null) {
                return null;
            }
            return new Instrument(id, version, names, instructions, licence, direction, items, scoring, bands, cutOff,
                    reliableChange, risk, codes, validated);
        }

        private Instrument.@Nullable Licence licence(@Nullable JsonNode node) {
            if (node == null || !node.isObject()) {
                problems.add("licence: required, with 'name' and 'attribution'");
                return null;
            }
            String name = text(node, "name", "licence.name");
            String attribution = text(node, "attribution", "licence.attribution");
            return name == null || attribution == null ? null : new Instrument.Licence(name, attribution);
        }

        private List<Instrument.Item> items(@Nullable JsonNode node, List<Instrument.Option> shared) {
            List<Instrument.Item> items = new ArrayList<>();
            if (node == null || !node.isArray() || node.isEmpty()) {
                problems.add("items: required, a non-empty list");
                return items;
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String path = "items[" + i + "]";
                String id = text(item, "id", path + ".id");
                if (id != null && !ids.add(id)) {
                    problems.add(path + ".id: '" + id + "' is used twice");
                }
                Map<String, String> text = texts(item.get("text"), path + ".text");
                List<Instrument.Option> options = item.has("options") ? options(item.get("options"), path + ".options")
                        : shared;
                if (options.isEmpty()) {
                    problems.add(path + ".options: the item needs answer options, its own or the instrument's");
                }
                if (id != null) {
                    boolean optional = item.has("optional") && item.get("optional").booleanValue(false);
                    items.add(new Instrument.Item(id, text, options, optionalText(item, "loinc"), optional));
                }
            }
            return items;
        }

        private List<Instrument.Option> options(JsonNode node, String path) {
            List<Instrument.Option> options = new ArrayList<>();
            if (!node.isArray() || node.isEmpty()) {
                problems.add(path + ": a non-empty list of {value, label}");
                return options;
            }
            Set<Integer> values = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode option = node.get(i);
                int value = integer(option, "value", path + "[" + i + "].value", -1000, 1000);
                if (!values.add(value)) {
                    problems.add(path + "[" + i + "].value: " + value + " is used twice");
                }
                options.add(new Instrument.Option(value, texts(option.get("label"), path + "[" + i + "].label")));
            }
            return options;
        }

        private Instrument.@Nullable Scoring scoring(@Nullable JsonNode node, Set<String> itemIds) {
            if (node == null || !node.isObject()) {
                problems.add("scoring: required, with 'method' (SUM or MEAN)");
                return null;
            }
            Instrument.Scoring.Method method = enumValue(node, "method", Instrument.Scoring.Method.class);
            int maxMissing = node.has("maxMissing") ? integer(node, "maxMissing", "scoring.maxMissing", 0, 1000) : 0;
            boolean prorate = node.has("prorate") && node.get("prorate").booleanValue(false);
            Set<String> reverse = new java.util.LinkedHashSet<>(itemList(node.get("reverseItems"),
                    "scoring.reverseItems", itemIds));
            Map<String, List<String>> subscales = new LinkedHashMap<>();
            JsonNode sub = node.get("subscales");
            if (sub != null) {
                for (String name : sub.propertyNames()) {
                    subscales.put(name, itemList(sub.get(name), "scoring.subscales." + name, itemIds));
                }
            }
            return method == null ? null : new Instrument.Scoring(method, maxMissing, prorate, reverse, subscales);
        }

        private List<String> itemList(@Nullable JsonNode node, String path, Set<String> itemIds) {
            List<String> items = new ArrayList<>();
            if (node == null) {
                return items;
            }
            if (!node.isArray()) {
                problems.add(path + ": a list of item ids");
                return items;
            }
            for (JsonNode item : node) {
                String id = item.isString() ? item.stringValue() : null;
                if (id == null || !itemIds.contains(id)) {
                    problems.add(path + ": '" + item + "' is not an item of this instrument");
                } else {
                    items.add(id);
                }
            }
            return items;
        }

        private List<Instrument.Band> bands(@Nullable JsonNode node) {
            List<Instrument.Band> bands = new ArrayList<>();
            if (node == null) {
                return bands;
            }
            if (!node.isArray()) { // an object has a size too, but get(i) of it is null
                problems.add("bands: a list of bands, each with 'from' and 'key'");
                return bands;
            }
            double previous = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < node.size(); i++) {
                JsonNode band = node.get(i);
                double from = number(band, "from", "bands[" + i + "].from");
                String key = text(band, "key", "bands[" + i + "].key");
                if (from <= previous) {
                    problems.add("bands[" + i + "].from: bands must rise; " + from + " follows " + previous);
                }
                previous = from;
                if (key != null) {
                    bands.add(new Instrument.Band(from, key));
                }
            }
            return bands;
        }

        private Instrument.@Nullable ReliableChange reliableChange(@Nullable JsonNode node) {
            if (node == null) {
                return null;
            }
            double threshold = number(node, "threshold", "reliableChange.threshold");
            String source = text(node, "source", "reliableChange.source");
            if (threshold <= 0) {
                problems.add("reliableChange.threshold: must be above 0");
            }
            return source == null ? null : new Instrument.ReliableChange(threshold, source);
        }

        private List<Instrument.RiskRule> riskRules(@Nullable JsonNode node, List<Instrument.Item> items) {
            List<Instrument.RiskRule> rules = new ArrayList<>();
            if (node == null) {
                return rules;
            }
            if (!node.isArray()) {
                problems.add("riskItems: a list of rules, each with 'item' and 'atLeast'");
                return rules;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode rule = node.get(i);
                String path = "riskItems[" + i + "]";
                String item = text(rule, "item", path + ".item");
                int atLeast = integer(rule, "atLeast", path + ".atLeast", -1000, 1000);
                Instrument.Item target = items.stream().filter(candidate -> candidate.id().equals(item)).findFirst()
                        .orElse(null);
                if (item != null && target == null) {
                    problems.add(path + ".item: '" + item + "' is not an item of this instrument");
                } else if (target != null && !target.allows(atLeast)) {
                    problems.add(path + ".atLeast: " + atLeast + " is not an answer of item '" + item + "'");
                } else if (item != null) {
                    rules.add(new Instrument.RiskRule(item, atLeast));
                }
            }
            return rules;
        }

        private Map<String, String> texts(@Nullable JsonNode node, String path) {
            Map<String, String> texts = new LinkedHashMap<>();
            if (node == null || !node.isObject() || node.isEmpty()) {
                problems.add(path + ": required, text per language, e.g. {\"en\": \"...\"}");
                return texts;
            }
            for (String language : node.propertyNames()) {
                JsonNode value = node.get(language);
                if (!value.isString() || value.stringValue().isBlank()) {
                    problems.add(path + "." + language + ": must be non-empty text");
                } else {
                    texts.put(language, value.stringValue());
                }
            }
            if (!texts.containsKey("en")) {
                problems.add(path + ": English ('en') is required");
            }
            return texts;
        }

        private @Nullable String text(JsonNode node, String field, String path) {
            JsonNode value = node.get(field);
            if (value == null || !value.isString() || value.stringValue().isBlank()) {
                problems.add(path + ": required text");
                return null;
            }
            return value.stringValue();
        }

        private @Nullable String optionalText(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value != null && value.isString() ? value.stringValue() : null;
        }

        private int integer(JsonNode node, String field, String path, int min, int max) {
            JsonNode value = node.get(field);
            // canConvertToInt first: intValue() throws for a whole number beyond the int range.
            if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                    || value.intValue() > max) {
                problems.add(path + ": required, a whole number" + (min > -1000 ? " of at least " + min : ""));
                return min;
            }
            return value.intValue();
        }

        private double number(JsonNode node, String field, String path) {
            JsonNode value = node.get(field);
            if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
                problems.add(path + ": required, a number");
                return 0;
            }
            return value.doubleValue();
        }

        private <E extends Enum<E>> @Nullable E enumValue(JsonNode node, String field, Class<E> type) {
            JsonNode value = node.get(field);
            try {
                return Enum.valueOf(type, value == null ? "" : value.stringValue(""));
            } catch (IllegalArgumentException e) {
                problems.add(field + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
                return null;
            }
        }
    }
}
