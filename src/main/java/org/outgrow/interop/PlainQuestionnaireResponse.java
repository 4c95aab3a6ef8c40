package org.outgrow.interop;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A posted QuestionnaireResponse of the plain shape systems send (status, questionnaire, subject,
 * identifier, authored, and items of linkId, text and answers of a valueInteger or valueCoding) read
 * straight into HAPI's model. HAPI's parser walks its element definitions by reflection, which
 * was a quarter of a submission's application time (docs/benchmarks.md). Anything else (another
 * property, an empty or padded text, a decimal, nested items, a repeated name, JSON that does not
 * parse) gives empty, and the caller lets HAPI read it, so every body means what HAPI makes of it;
 * {@code PlainQuestionnaireResponseTest} checks that what this reads is what HAPI reads.
 */
final class PlainQuestionnaireResponse {

    private static final JsonFactory JSON = new JsonFactory();

    private PlainQuestionnaireResponse() {
    }

    /** Not the plain shape: HAPI reads it. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    static Optional<QuestionnaireResponse> read(String body) {
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
            QuestionnaireResponse response = resource(json);
            return json.nextToken() == null ? Optional.of(response) : Optional.empty();
        } catch (NotPlain | JacksonException | FHIRException | DataFormatException | IllegalArgumentException notPlain) {
            return Optional.empty();
        }
    }

    private static QuestionnaireResponse resource(JsonParser json) {
        expect(json.nextToken(), JsonToken.START_OBJECT);
        QuestionnaireResponse response = new QuestionnaireResponse();
        boolean typed = false;
        Set<String> seen = new HashSet<>();
        for (String name = json.nextName(); name != null; name = json.nextName()) {
            once(seen, name);
            switch (name) {
                case "resourceType" -> {
                    if (!"QuestionnaireResponse".equals(text(json))) {
                        throw new NotPlain();
                    }
                    typed = true;
                }
                case "status" -> response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.fromCode(text(json)));
                case "questionnaire" -> response.setQuestionnaireElement(new CanonicalType(text(json)));
                case "authored" -> response.setAuthoredElement(new DateTimeType(text(json)));
                case "subject" -> response.setSubject(subject(json));
                case "identifier" -> identifier(json, response);
                case "item" -> {
                    expect(json.nextToken(), JsonToken.START_ARRAY);
                    while (json.nextToken() != JsonToken.END_ARRAY) {
                        item(json, response.addItem());
                    }
                    if (!response.hasItem()) {
                        throw new NotPlain();
                    }
                }
                default -> throw new NotPlain();
            }
        }
        if (!typed) {
            throw new NotPlain();
        }
        return response;
    }

    private static Reference subject(JsonParser json) {
        Reference subject = new Reference();
        texts(json, Map.of("reference", subject::setReference));
        return subject;
    }

    private static void identifier(JsonParser json, QuestionnaireResponse response) {
        Identifier identifier = response.getIdentifier();
        texts(json, Map.of("system", identifier::setSystem, "value", identifier::setValue));
    }

    private static void item(JsonParser json, QuestionnaireResponse.QuestionnaireResponseItemComponent item) {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        Set<String> seen = new HashSet<>();
        for (String name = json.nextName(); name != null; name = json.nextName()) {
            once(seen, name);
            switch (name) {
                case "linkId" -> item.setLinkId(text(json));
                case "text" -> item.setText(text(json));
                case "answer" -> {
                    expect(json.nextToken(), JsonToken.START_ARRAY);
                    while (json.nextToken() != JsonToken.END_ARRAY) {
                        answer(json, item.addAnswer());
                    }
                    if (!item.hasAnswer()) {
                        throw new NotPlain();
                    }
                }
                default -> throw new NotPlain();
            }
        }
        if (!seen.contains("linkId")) {
            throw new NotPlain();
        }
    }

    private static void answer(JsonParser json, QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer) {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        String name = json.nextName();
        if ("valueInteger".equals(name)) {
            expect(json.nextToken(), JsonToken.VALUE_NUMBER_INT);
            if (json.getNumberType() != JsonParser.NumberType.INT || json.getString().startsWith("-0")) {
                throw new NotPlain();
            }
            answer.setValue(new IntegerType(json.getIntValue()));
        } else if ("valueCoding".equals(name)) {
            answer.setValue(coding(json));
        } else {
            throw new NotPlain();
        }
        if (json.nextName() != null) {
            throw new NotPlain();
        }
    }

    private static Coding coding(JsonParser json) {
        Coding coding = new Coding();
        texts(json, Map.of("system", coding::setSystem, "code", coding::setCode, "display", coding::setDisplay));
        return coding;
    }

    /** An object of some of these text properties (at least one, each once), each given to its setter. */
    private static void texts(JsonParser json, Map<String, Consumer<String>> properties) {
        expect(json.nextToken(), JsonToken.START_OBJECT);
        Set<String> seen = new HashSet<>();
        for (String name = json.nextName(); name != null; name = json.nextName()) {
            Consumer<String> property = properties.get(name);
            if (property == null) {
                throw new NotPlain();
            }
            once(seen, name);
            property.accept(text(json));
        }
        if (seen.isEmpty()) {
            throw new NotPlain();
        }
    }

    /** A string value that HAPI keeps as given: not empty, and without white space around it. */
    private static String text(JsonParser json) {
        expect(json.nextToken(), JsonToken.VALUE_STRING);
        String text = json.getString();
        if (text.isEmpty() || padding(text.charAt(0)) || padding(text.charAt(text.length() - 1))) {
            throw new NotPlain();
        }
        return text;
    }

    private static boolean padding(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static void once(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new NotPlain();
        }
    }

    private static void expect(@Nullable JsonToken found, JsonToken wanted) {
        if (found != wanted) {
            throw new NotPlain();
        }
    }
}
