package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentDefinitions;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.measurement.Score;
import org.outgrow.measurement.StoredResponse;

/**
 * The answer to a submission is written without HAPI's encoder; it must be the very text HAPI
 * writes for the same resource, or a client parsing it would see a different response than a
 * later read gives. Checked for every shipped questionnaire, every instrument definition of the
 * fuzzing corpus (odd wording, markup, emoji, escapes) and texts HAPI leaves out.
 */
class QuestionnaireResponseJsonTest {

    private static final Path DEFINITIONS = Path.of("src/test/resources/org/outgrow/interop/FhirResourcesFuzzTestInputs"
            + "/anInstrumentExportedAsAQuestionnaireIsTakenInAgainAsTheSame");

    private final Random random = new Random(20261201);

    @Test
    void writesWhatHapiWritesForEveryShippedQuestionnaire() {
        for (Instrument instrument : new InstrumentLibrary().all()) {
            for (int round = 0; round < 20; round++) {
                assertSameAsHapi(instrument, answers(instrument));
            }
        }
    }

    @Test
    void writesWhatHapiWritesForOddWordingAndTextsHapiLeavesOut() throws IOException {
        List<Instrument> instruments = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEFINITIONS)) {
            for (Path file : files.sorted().toList()) {
                if (InstrumentDefinitions.read(Files.readString(file)) instanceof InstrumentDefinitions.Result.Valid v) {
                    instruments.add(v.instrument());
                }
            }
        }
        assertThat(instruments).as("the corpus has instruments to try").hasSizeGreaterThan(4);
        for (String text : List.of(" ", "\t", "a\"b\\c/d", "line\nbreak\r\n", "\u0001\u001f\u007f", "\u2028\u2029",
                "</script><b>x</b>", "äöü ß 😀", "  padded  ", "{0} ''")) {
            instruments.add(worded(instruments.getFirst(), text));
        }
        for (Instrument instrument : instruments) {
            for (int round = 0; round < 5; round++) {
                assertSameAsHapi(instrument, answers(instrument));
            }
        }
    }

    /** Each item answered with one of its options, a value no option has, or not at all. */
    private Map<String, @Nullable Integer> answers(Instrument instrument) {
        Map<String, @Nullable Integer> answers = new LinkedHashMap<>();
        for (Instrument.Item item : instrument.items()) {
            int pick = random.nextInt(10);
            answers.put(item.id(), pick == 0 ? null : pick == 1 || item.options().isEmpty() ? 99
                    : item.options().get(random.nextInt(item.options().size())).value());
        }
        return answers;
    }

    private void assertSameAsHapi(Instrument instrument, Map<String, @Nullable Integer> answers) {
        Instant answeredAt = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000),
                random.nextInt(1_000_000) * 1000L);
        StoredResponse stored = new StoredResponse(UUID.randomUUID(), UUID.randomUUID(), instrument.id(), answeredAt,
                random.nextInt(40), StoredResponse.Source.FHIR, new Score(Score.Completeness.COMPLETE, 1.0, null,
                        null, Score.Risk.NOT_APPLICABLE, Map.of(), List.of()));
        MeasurementRecords.Answered answered = new MeasurementRecords.Answered(stored, answers);
        UUID client = UUID.randomUUID();

        assertThat(QuestionnaireResponseJson.of(answered, client, instrument))
                .isEqualTo(Fhir.json().encodeResourceToString(
                        FhirResources.questionnaireResponse(answered, client, instrument)));
    }

    /** The instrument with every item's and option's English text replaced. */
    private static Instrument worded(Instrument instrument, String text) {
        return new Instrument(instrument.id(), instrument.version(), instrument.names(), instrument.instructions(),
                instrument.licence(), instrument.direction(), instrument.items().stream().map(item ->
                        new Instrument.Item(item.id(), Map.of("en", text), item.options().stream()
                                .map(option -> new Instrument.Option(option.value(), Map.of("en", text))).toList(),
                                item.loinc(), item.optional())).toList(),
                instrument.scoring(), instrument.bands(), instrument.casenessCutOff(), instrument.reliableChange(),
                instrument.riskRules(), instrument.loinc(), instrument.validated());
    }
}
