package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentLibrary;

/**
 * A posted response is read without HAPI's parser when it has the plain shape; it must then be
 * the very resource HAPI reads from the same text (equal element by element, and encoded alike),
 * and anything HAPI would read differently must be left to HAPI. Checked for every shipped
 * questionnaire, the fuzzing corpus and near variants of a plain body.
 */
class PlainQuestionnaireResponseTest {

    private static final Path CORPUS = Path.of("src/test/resources/org/outgrow/interop/FhirSubmissionsFuzzTestInputs"
            + "/aPostedResponseBecomesAnswersOrARefusalThatSaysWhatToFix");

    private final Random random = new Random(20261202);

    @Test
    void readsEveryPlainResponseToEveryShippedQuestionnaireAsHapiDoes() {
        int read = 0;
        for (Instrument instrument : new InstrumentLibrary().all()) {
            for (int round = 0; round < 20; round++) {
                String body = plain(instrument, round % 2 == 0, round % 3 == 0);
                assertThat(PlainQuestionnaireResponse.read(body)).as(body).isPresent();
                assertSameAsHapi(body);
                read++;
            }
        }
        assertThat(read).isGreaterThan(100);
    }

    @Test
    void readsTheFuzzingCorpusAsHapiDoesOrLeavesItToHapi() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> inputs = files.sorted().toList();
            assertThat(inputs).hasSizeGreaterThan(10);
            for (Path file : inputs) {
                assertSameAsHapi(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)); // as the fuzz test reads it
            }
        }
    }

    @Test
    void leavesToHapiWhatItWouldReadDifferently() {
        Instrument phq = new InstrumentLibrary().all().stream().filter(one -> one.id().equals("phq-9")).findFirst()
                .orElseThrow();
        String body = plain(phq, true, true);
        assertThat(body).contains("\"valueInteger\":", "\"status\":\"completed\"", "\"linkId\":\"");
        List<String> variants = new ArrayList<>();
        String[][] changes = {
                {"\"status\":\"completed\"", "\"status\":\" completed\""},
                {"\"status\":\"completed\"", "\"status\":\"completed\\t\""},
                {"\"status\":\"completed\"", "\"status\":\"\""},
                {"\"status\":\"completed\"", "\"status\":\"done\""},
                {"\"status\":\"completed\"", "\"status\":null"},
                {"\"status\":\"completed\"", "\"status\":\"completed\",\"_status\":{\"id\":\"x\"}"},
                {"\"status\":\"completed\"", "\"status\":\"completed\",\"status\":\"in-progress\""},
                {"\"status\":\"completed\"", "\"status\":\"c\\u006fmpleted\""},
                {"\"status\":\"completed\"", "\"status\":\"completed\",\"id\":\"abc\""},
                {"\"status\":\"completed\"", "\"status\":\"completed\",\"meta\":{\"versionId\":\"1\"}"},
                {"\"status\":\"completed\"", "\"status\":\"completed\",\"author\":{\"reference\":\"Practitioner/1\"}"},
                {"\"valueInteger\":", "\"valueInteger\":-0,\"x\":"},
                {"\"valueInteger\":", "\"valueDecimal\":"},
                {"\"valueInteger\":", "\"valueString\":\"1\",\"y\":"},
                {"\"valueInteger\":", "\"valueInteger\":2147483648,\"z\":"},
                {"\"valueInteger\":", "\"valueInteger\":1.0,\"z\":"},
                {"\"valueInteger\":", "\"valueInteger\":1e2,\"z\":"},
                {"\"valueInteger\":", "\"valueInteger\":\"2\",\"z\":"},
                {"\"linkId\":\"", "\"linkId\":\" "},
                {"\"linkId\":\"", "\"item\":[],\"linkId\":\""},
                {"\"linkId\":\"", "\"answer\":[],\"linkId\":\""},
                {"\"linkId\":\"", "\"linkId\":\"\\u00e4"},
                {"\"linkId\":\"", "\"linkId\":\"\u2003"},
                {"\"subject\":{", "\"subject\":{\"display\":\"x\","},
                {"\"subject\":{\"reference\":\"", "\"subject\":{\"reference\":\"\u00a0"},
                {"\"questionnaire\":\"", "\"questionnaire\":\"#"},
                {"\"identifier\":{", "\"identifier\":{\"use\":\"official\","},
                {"\"authored\":\"", "\"authored\":\"not a date"},
                {"\"authored\":\"2026-", "\"authored\":\"2026-13-"},
                {"{\"resourceType\":\"QuestionnaireResponse\",", "{\"resourceType\":\"Observation\","},
                {"{\"resourceType\":\"QuestionnaireResponse\",", "{"},
                {"]}", "]} trailing"},
                {"]}", "]"},
        };
        for (String[] change : changes) {
            assertThat(body).as("the change applies: %s", change[0]).contains(change[0]);
            variants.add(body.replaceFirst(Pattern.quote(change[0]), Matcher.quoteReplacement(change[1])));
        }
        for (String variant : variants) {
            assertSameAsHapi(variant);
        }
    }

    @Test
    void readsEmptyAndPaddedTextsAsHapiDoesOrLeavesThemToHapi() {
        String template = "{\"resourceType\":\"QuestionnaireResponse\",\"identifier\":{\"system\":\"%s\",\"value\":\"%s\"},"
                + "\"status\":\"completed\",\"questionnaire\":\"%s\",\"subject\":{\"reference\":\"%s\"},"
                + "\"item\":[{\"linkId\":\"%s\",\"text\":\"%s\",\"answer\":[{\"valueCoding\":{\"system\":\"%s\","
                + "\"code\":\"%s\",\"display\":\"%s\"}}]}]}";
        String[] plain = {"urn:ietf:rfc:3986", "urn:uuid:1", FhirResources.questionnaireUrl("phq-9"),
                "Patient/" + UUID.randomUUID(), "q1", "Little interest", "http://loinc.org", "LA6568-5", "Not at all"};
        assertThat(PlainQuestionnaireResponse.read(template.formatted((Object[]) plain))).isPresent();
        for (String odd : List.of("", " ", "\t", "\\n", "\\u0000", "\u00a0", "\u2003", "\u3000")) {
            for (int at = 0; at < plain.length; at++) {
                for (String placed : List.of(odd, odd + plain[at], plain[at] + odd)) {
                    String[] values = plain.clone();
                    values[at] = placed;
                    assertSameAsHapi(template.formatted((Object[]) values));
                }
            }
        }
    }

    /** What the plain reader reads is what HAPI reads; what it leaves, HAPI reads or refuses. */
    private static void assertSameAsHapi(String body) {
        Optional<QuestionnaireResponse> plain = PlainQuestionnaireResponse.read(body);
        if (plain.isEmpty()) {
            return;
        }
        QuestionnaireResponse hapi;
        try {
            hapi = Fhir.parse(QuestionnaireResponse.class, body);
        } catch (DataFormatException refused) {
            throw new AssertionError("read plainly, but HAPI refuses it: " + body, refused);
        }
        assertThat(plain.get().equalsDeep(hapi)).as("element by element: %s", body).isTrue();
        assertThat(Fhir.json().encodeResourceToString(plain.get()))
                .as("encoded: %s", body).isEqualTo(Fhir.json().encodeResourceToString(hapi));
    }

    /** A response as systems post it: integers and codings, with text, an identifier and a time when asked. */
    private String plain(Instrument instrument, boolean identified, boolean withText) {
        StringBuilder items = new StringBuilder();
        for (Instrument.Item item : instrument.items()) {
            int value = random.nextInt(5);
            String answer = random.nextBoolean() ? "{\"valueInteger\":" + (random.nextInt(10) == 0 ? -value : value) + "}"
                    : "{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA" + value + "-" + value
                    + "\",\"display\":\"Option " + value + " \\\"é\\\" 😀\"}}";
            items.append(items.isEmpty() ? "" : ",").append("{\"linkId\":\"").append(item.id()).append('"')
                    .append(withText ? ",\"text\":\"" + item.id() + ": how often?\"" : "")
                    .append(",\"answer\":[").append(answer).append("]}");
        }
        return "{\"resourceType\":\"QuestionnaireResponse\","
                + (identified ? "\"identifier\":{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"urn:uuid:" + UUID.randomUUID()
                + "\"}," : "")
                + "\"status\":\"completed\",\"questionnaire\":\"" + FhirResources.questionnaireUrl(instrument.id())
                + "\",\"subject\":{\"reference\":\"Patient/" + UUID.randomUUID() + "\"},"
                + (identified ? "\"authored\":\"2026-12-02T09:30:00+01:00\"," : "")
                + "\"item\":[" + items + "]}";
    }
}
