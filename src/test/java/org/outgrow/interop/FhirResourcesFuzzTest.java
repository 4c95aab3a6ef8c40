package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.r4.model.Questionnaire;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentDefinitions;

/**
 * Checklist T22 for JSON export: a practice's instrument, whatever its wording, goes out through
 * the FHIR interface as a Questionnaire whose JSON another Outgrow takes in as the same
 * instrument (items, options, scoring, bands, risk rules; the English wording), and this one
 * recognises as its own. The input is an instrument definition; those Outgrow refuses are passed
 * over. Corpus in {@code FhirResourcesFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks
 * live in {@code Check} (see {@code measurement/InstrumentDefinitionsFuzzTest} for why).
 */
class FhirResourcesFuzzTest {

    static {
        Fhir.json(); // HAPI's model is scanned once, before the first input is timed
    }

    @FuzzTest
    void anInstrumentExportedAsAQuestionnaireIsTakenInAgainAsTheSame(byte[] input) {
        Check.roundTrip(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        static void roundTrip(String definition) {
            if (!(InstrumentDefinitions.read(definition) instanceof InstrumentDefinitions.Result.Valid valid)) {
                return;
            }
            Instrument ours = valid.instrument();
            String exported = Fhir.json().encodeResourceToString(FhirResources.questionnaire(ours));
            Questionnaire read = QuestionnaireDefinitions.questionnaire(exported).orElseThrow();

            assertThat(QuestionnaireDefinitions.understand(read, List.of(ours)))
                    .isEqualTo(new QuestionnaireDefinitions.Known(ours, ours.items().stream()
                            .collect(java.util.stream.Collectors.toMap(Instrument.Item::id, Instrument.Item::id,
                                    (a, b) -> a, java.util.LinkedHashMap::new))));
            QuestionnaireDefinitions.Understood elsewhere = QuestionnaireDefinitions.understand(read, List.of());
            assertThat(elsewhere).isInstanceOf(QuestionnaireDefinitions.NewDefinition.class);
            InstrumentDefinitions.Result again = InstrumentDefinitions.read(
                    ((QuestionnaireDefinitions.NewDefinition) elsewhere).json());
            assertThat(again).as("another Outgrow takes it in").isInstanceOf(InstrumentDefinitions.Result.Valid.class);
            Instrument theirs = ((InstrumentDefinitions.Result.Valid) again).instrument();

            assertThat(theirs.id()).isEqualTo(ours.id());
            assertThat(theirs.version()).isEqualTo(ours.version());
            assertThat(theirs.names().get("en")).isEqualTo(ours.names().get("en"));
            assertThat(theirs.direction()).isEqualTo(ours.direction());
            assertThat(theirs.scoring()).isEqualTo(ours.scoring());
            assertThat(theirs.bands()).isEqualTo(ours.bands());
            assertThat(theirs.casenessCutOff()).isEqualTo(ours.casenessCutOff());
            assertThat(theirs.reliableChange()).isEqualTo(ours.reliableChange());
            assertThat(theirs.riskRules()).isEqualTo(ours.riskRules());
            assertThat(theirs.items()).hasSameSizeAs(ours.items());
            for (int i = 0; i < ours.items().size(); i++) {
                Instrument.Item mine = ours.items().get(i);
                Instrument.Item copy = theirs.items().get(i);
                assertThat(copy.id()).isEqualTo(mine.id());
                assertThat(copy.text().get("en")).isEqualTo(mine.text().get("en"));
                assertThat(copy.optional()).isEqualTo(mine.optional());
                assertThat(copy.options()).extracting(Instrument.Option::value)
                        .containsExactlyElementsOf(mine.options().stream().map(Instrument.Option::value).toList());
                assertThat(copy.options()).extracting(option -> option.label().get("en"))
                        .containsExactlyElementsOf(mine.options().stream().map(option -> option.label().get("en"))
                                .toList());
            }
        }
    }
}
