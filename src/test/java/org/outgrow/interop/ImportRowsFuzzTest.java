package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.outgrow.measurement.Answer;
import org.outgrow.measurement.Instrument;

/**
 * Checklist T22 for the lines of a historical import file: an NDJSON line (a FHIR Patient,
 * EpisodeOfCare or QuestionnaireResponse) or a CSV line (client, ISO date, one number per item)
 * becomes what it stands for, or a problem for that line that says what to fix; never an
 * exception, and never a date the database could not hold. Corpora in
 * {@code ImportRowsFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks live in
 * {@code Check} (see {@code measurement/InstrumentDefinitionsFuzzTest} for why).
 */
class ImportRowsFuzzTest {

    static {
        Fhir.json(); // HAPI's model is scanned once, before the first input is timed
    }

    @FuzzTest
    void anNdjsonLineBecomesARowOrAProblemForThatLine(byte[] input) {
        Check.ndjson(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest
    void aCsvLineBecomesAResponseOrAProblemForThatLine(byte[] input) {
        Check.csv(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        private static final Instrument PHQ9 = ShippedQuestionnaires.LIBRARY.find("phq-9").orElseThrow();
        private static final ZoneId LONDON = ZoneId.of("Europe/London");

        static void ndjson(String text) {
            ImportRows.Row row = ImportRows.ndjson(7, text, ShippedQuestionnaires::resolve);

            assertThat(row.line()).isEqualTo(7);
            switch (row) {
                case ImportRows.PatientRow patient -> {
                    assertThat(patient.name()).isNotBlank().hasSizeLessThanOrEqualTo(200);
                    assertThat(patient.id()).as("kept as a key").hasSizeBetween(1, ImportRows.MAX_ID);
                }
                case ImportRows.EpisodeRow episode -> {
                    assertThat(episode.patient()).hasSizeBetween(1, ImportRows.MAX_ID);
                    assertThat(episode.id()).hasSizeBetween(1, ImportRows.MAX_ID);
                }
                case ImportRows.ResponseRow response -> {
                    assertThat(response.answers().subList(0, response.instrument().items().size()))
                            .extracting(Answer::item).containsExactlyElementsOf(response.instrument().items().stream()
                                    .map(Instrument.Item::id).toList());
                    assertThat(response.key()).startsWith("fhir|");
                    assertThat(response.patient()).hasSizeBetween(1, ImportRows.MAX_ID);
                }
                case ImportRows.Skipped skipped -> assertThat(skipped.line()).isEqualTo(7);
                case ImportRows.Problem problem -> assertThat(problem.message()).isNotBlank();
            }
        }

        static void csv(String text) {
            ImportRows.csvHeaderProblem(text, PHQ9).ifPresent(problem -> assertThat(problem).startsWith("the header"));

            ImportRows.Row row = ImportRows.csv(3, text, PHQ9, LONDON);

            assertThat(row.line()).isEqualTo(3);
            switch (row) {
                case ImportRows.ResponseRow response -> {
                    assertThat(response.answers()).extracting(Answer::item).containsExactlyElementsOf(
                            PHQ9.items().stream().map(Instrument.Item::id).toList());
                    assertThat(response.answered().atZone(LONDON).getYear()).isBetween(0, 9999);
                    assertThat(response.answered().atZone(LONDON).toLocalTime()).isEqualTo(LocalTime.NOON);
                    assertThat(response.patient()).as("kept as a key").hasSizeLessThanOrEqualTo(
                            "csv:".length() + ImportRows.MAX_CSV_CLIENT);
                }
                case ImportRows.Problem problem -> assertThat(problem.message()).isNotBlank();
                default -> throw new AssertionError("a CSV line is a response or a problem: " + row);
            }
        }
    }
}
