package org.outgrow.interop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;
import org.outgrow.measurement.Instrument;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A FHIR Questionnaire brought in by an administrator, understood in one of two ways: as an
 * instrument Outgrow knows (by its canonical URL, its LOINC panel, or LOINC codes on every item),
 * with each of its items matched to ours; or as a new instrument that carries Outgrow's scoring
 * rules in an extension (as every Questionnaire Outgrow emits does), turned into Outgrow's own
 * definition format for the usual validation. Pure: no Spring, no database.
 */
final class QuestionnaireDefinitions {

    /** The scoring rules in Outgrow's definition format, as a JSON string. */
    static final String SCORING = FhirResources.BASE + "/StructureDefinition/scoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    sealed interface Understood {
    }

    /** A known instrument; {@code items} maps the Questionnaire's linkIds to the instrument's item ids. */
    record Known(Instrument instrument, Map<String, String> items) implements Understood {
    }

    /** A new instrument, as a definition in Outgrow's format. */
    record NewDefinition(String json) implements Understood {
    }

    record Problems(List<String> problems) implements Understood {
    }

    private QuestionnaireDefinitions() {
    }

    /** The JSON as a FHIR R4 Questionnaire, or empty when it is none. */
    static Optional<Questionnaire> questionnaire(String json) {
        try {
            return Optional.of(Fhir.parse(Questionnaire.class, json));
        } catch (DataFormatException | ClassCastException e) {
            return Optional.empty();
        }
    }

    static Understood understand(Questionnaire questionnaire, Collection<Instrument> known) {
        if (questionnaire.getItem().stream().anyMatch(item -> item.getLinkId() == null)) {
            return new Problems(List.of("An item has no linkId; every item needs one."));
        }
        Optional<Instrument> match = known.stream().filter(instrument -> sameUrl(questionnaire, instrument)
                || samePanel(questionnaire, instrument) || sameItemCodes(questionnaire, instrument)).findFirst();
        if (match.isPresent()) {
            return known(questionnaire, match.get());
        }
        Extension scoring = questionnaire.getExtensionByUrl(SCORING);
        if (scoring == null || !(scoring.getValue() instanceof StringType rules)) {
            return new Problems(List.of("This Questionnaire is none Outgrow knows (by URL, LOINC panel or item"
                    + " codes), and it carries no scoring rules (extension " + SCORING + "), so its answers could"
                    + " not be scored."));
        }
        return definition(questionnaire, rules.getValue());
    }

    /** The extension every Questionnaire Outgrow emits carries, so another Outgrow can take it in. */
    static Extension scoringOf(Instrument instrument) {
        ObjectNode rules = JSON.createObjectNode();
        rules.put("direction", instrument.direction().name());
        rules.set("scoring", JSON.valueToTree(instrument.scoring()));
        rules.set("bands", JSON.valueToTree(instrument.bands()));
        if (instrument.casenessCutOff() != null) {
            rules.put("casenessCutOff", instrument.casenessCutOff());
        }
        if (instrument.reliableChange() != null) {
            rules.set("reliableChange", JSON.valueToTree(instrument.reliableChange()));
        }
        rules.set("riskItems", JSON.valueToTree(instrument.riskRules()));
        rules.put("validated", instrument.validated());
        return new Extension(SCORING, new StringType(JSON.writeValueAsString(rules)));
    }

    private static Understood known(Questionnaire questionnaire, Instrument instrument) {
        Map<String, String> items = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
            Optional<String> ours = instrument.item(item.getLinkId()).map(Instrument.Item::id)
                    .or(() -> item.getCode().stream().map(Coding::getCode).filter(Objects::nonNull)
                            .flatMap(code -> instrument.items().stream().filter(o -> code.equals(o.loinc())))
                            .map(Instrument.Item::id).findFirst());
            if (ours.isPresent() && !items.containsValue(ours.get())) {
                items.put(item.getLinkId(), ours.get());
            } else if (item.getType() != Questionnaire.QuestionnaireItemType.DISPLAY) {
                unmatched.add(FhirSubmissions.shown(item.getLinkId()));
            }
        }
        if (!unmatched.isEmpty()) {
            return new Problems(List.of("This looks like " + instrument.id() + ", but these items match none of its"
                    + " items (by linkId or LOINC code): " + String.join(", ", unmatched) + "."));
        }
        return new Known(instrument, items);
    }

    private static Understood definition(Questionnaire questionnaire, String rulesJson) {
        JsonNode rules;
        try {
            rules = JSON.readTree(rulesJson);
        } catch (RuntimeException e) {
            return new Problems(List.of("The scoring extension is not JSON."));
        }
        if (!(rules instanceof ObjectNode given)) {
            return new Problems(List.of("The scoring extension must be a JSON object."));
        }
        ObjectNode definition = JSON.createObjectNode();
        String id = questionnaire.getIdElement().getIdPart() != null ? questionnaire.getIdElement().getIdPart()
                : questionnaire.getName();
        definition.put("id", id == null ? "" : id.toLowerCase(java.util.Locale.ROOT));
        definition.put("version", version(questionnaire.getVersion()));
        definition.set("names", english(questionnaire.getTitle() != null ? questionnaire.getTitle()
                : questionnaire.getName()));
        if (questionnaire.hasDescription()) { // optional: an instrument without instructions is exported without
            definition.set("instructions", english(questionnaire.getDescription()));
        }
        ObjectNode licence = definition.putObject("licence");
        licence.put("name", questionnaire.hasCopyright() ? "As stated by its publisher" : "");
        licence.put("attribution", questionnaire.getCopyright() == null ? "" : questionnaire.getCopyright());
        definition.put("sources", "Imported from a FHIR Questionnaire"
                + (questionnaire.hasUrl() ? " (" + questionnaire.getUrl() + ")" : ""));
        ArrayNode items = definition.putArray("items");
        List<String> problems = new ArrayList<>();
        for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
            if (item.getType() == Questionnaire.QuestionnaireItemType.DISPLAY) {
                continue;
            }
            ObjectNode ours = items.addObject();
            ours.put("id", item.getLinkId());
            ours.set("text", english(item.getText()));
            if (!item.getRequired() && item.hasRequired()) {
                ours.put("optional", true);
            }
            item.getCode().stream().filter(code -> FhirResources.LOINC.equals(code.getSystem())).findFirst()
                    .ifPresent(code -> ours.put("loinc", code.getCode()));
            ArrayNode options = ours.putArray("options");
            for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
                ObjectNode ourOption = options.addObject();
                if (option.getValue() instanceof Coding coding && coding.getCode() != null
                        && coding.getCode().matches("-?\\d{1,6}")) {
                    ourOption.put("value", Integer.parseInt(coding.getCode()));
                    ourOption.set("label", english(coding.getDisplay()));
                } else if (option.getValue() instanceof org.hl7.fhir.r4.model.IntegerType number) {
                    ourOption.put("value", number.getValue());
                    ourOption.set("label", english(number.getValueAsString()));
                } else {
                    problems.add("item " + FhirSubmissions.shown(item.getLinkId()) + ": each answerOption must be a"
                            + " valueCoding whose code is the option's score (a whole number), or a valueInteger");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Problems(problems);
        }
        given.properties().forEach(entry -> {
            if (List.of("direction", "scoring", "bands", "casenessCutOff", "reliableChange", "riskItems", "validated",
                    "loinc").contains(entry.getKey())) {
                definition.set(entry.getKey(), entry.getValue());
            }
        });
        return new NewDefinition(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(definition));
    }

    private static boolean sameUrl(Questionnaire questionnaire, Instrument instrument) {
        return questionnaire.hasUrl() && questionnaire.getUrl().equals(FhirResources.questionnaireUrl(instrument.id()));
    }

    private static boolean samePanel(Questionnaire questionnaire, Instrument instrument) {
        return instrument.loinc().panel() != null && questionnaire.getCode().stream()
                .anyMatch(code -> FhirResources.LOINC.equals(code.getSystem())
                        && instrument.loinc().panel().equals(code.getCode()));
    }

    private static boolean sameItemCodes(Questionnaire questionnaire, Instrument instrument) {
        List<String> ours = instrument.items().stream().map(Instrument.Item::loinc).toList();
        if (ours.contains(null) || questionnaire.getItem().size() != ours.size()) {
            return false;
        }
        return questionnaire.getItem().stream().allMatch(item -> item.getCode().stream()
                .anyMatch(code -> ours.contains(code.getCode())));
    }

    private static JsonNode english(@Nullable String text) {
        ObjectNode byLanguage = JSON.createObjectNode();
        byLanguage.put("en", text == null ? "" : text);
        return byLanguage;
    }

    private static int version(@Nullable String version) {
        return version != null && version.matches("\\d{1,6}") ? Integer.parseInt(version) : 1;
    }
}
