package org.outgrow.interop;

import java.io.StringWriter;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.DateTimeType;
import org.jspecify.annotations.Nullable;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.measurement.StoredResponse;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON of {@link FhirResources#questionnaireResponse}, written directly, for the answer to a
 * submission. HAPI's encoder walks its model through the element definitions, which was a tenth
 * of a submission's application time (docs/benchmarks.md); this writes the same characters in
 * the same order, as {@code QuestionnaireResponseJsonTest} checks against HAPI for every shipped
 * questionnaire and for awkward texts. Reads and searches still go through HAPI.
 */
final class QuestionnaireResponseJson {

    private static final JsonFactory JSON = new JsonFactory();

    private QuestionnaireResponseJson() {
    }

    static String of(MeasurementRecords.Answered answered, UUID clientId, Instrument instrument) {
        StoredResponse stored = answered.response();
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("resourceType", "QuestionnaireResponse");
            json.writeStringProperty("id", stored.id().toString());
            json.writeArrayPropertyStart("extension");
            json.writeStartObject();
            json.writeStringProperty("url", FhirResources.SESSION_NUMBER);
            json.writeNumberProperty("valueInteger", stored.sessionNumber());
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringProperty("questionnaire", FhirResources.questionnaireUrl(instrument.id()) + "|"
                    + instrument.version());
            json.writeStringProperty("status", "completed");
            json.writeObjectPropertyStart("subject");
            json.writeStringProperty("reference", "Patient/" + clientId);
            json.writeEndObject();
            // HAPI's own formatting of the instant, in the zone and precision its model would give it.
            json.writeStringProperty("authored", new DateTimeType(FhirResources.date(stored.answeredAt()))
                    .getValueAsString());
            boolean items = false;
            for (Instrument.Item item : instrument.items()) {
                Integer value = answered.answers().get(item.id());
                if (value == null) {
                    continue;
                }
                if (!items) {
                    json.writeArrayPropertyStart("item");
                    items = true;
                }
                json.writeStartObject();
                text(json, "linkId", item.id());
                text(json, "text", FhirResources.english(item.text()));
                json.writeArrayPropertyStart("answer");
                json.writeStartObject();
                json.writeObjectPropertyStart("valueCoding");
                Optional<Instrument.Option> option = item.options().stream().filter(o -> o.value() == value)
                        .findFirst();
                if (option.isPresent()) {
                    json.writeArrayPropertyStart("extension");
                    json.writeStartObject();
                    json.writeStringProperty("url", FhirResources.ORDINAL_VALUE);
                    json.writeNumberProperty("valueDecimal", value);
                    json.writeEndObject();
                    json.writeEndArray();
                }
                json.writeStringProperty("system", FhirResources.ANSWER_CODES);
                json.writeStringProperty("code", Integer.toString(value));
                if (option.isPresent()) {
                    text(json, "display", FhirResources.english(option.get().label()));
                }
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
            }
            if (items) {
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return out.toString();
    }

    /** A string element as HAPI writes one: left out when it is blank. */
    private static void text(JsonGenerator json, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            json.writeStringProperty(name, value);
        }
    }
}
