package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.r4.model.Questionnaire;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentDefinitions;

/**
 * Checklist T22 for a FHIR Questionnaire an administrator brings in: whatever is pasted is no
 * Questionnaire, or is matched to a known instrument item by item, or becomes a definition that
 * Outgrow's own validation reads or refuses, or is refused with problems that reflect none of the
 * pasted text but plain ids; never an exception. Corpus in
 * {@code QuestionnaireDefinitionsFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks live
 * in {@code Check} (see {@code measurement/InstrumentDefinitionsFuzzTest} for why).
 */
class QuestionnaireDefinitionsFuzzTest {

    static {
        Fhir.json(); // HAPI's model is scanned once, before the first input is timed
    }

    @FuzzTest
    void aQuestionnaireBroughtInIsMatchedMadeADefinitionOrRefused(byte[] input) {
        Check.broughtIn(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        private static final Collection<Instrument> KNOWN = ShippedQuestionnaires.LIBRARY.all();

        static void broughtIn(String json) {
            Optional<Questionnaire> questionnaire = QuestionnaireDefinitions.questionnaire(json);
            if (questionnaire.isEmpty()) {
                return;
            }
            switch (QuestionnaireDefinitions.understand(questionnaire.get(), KNOWN)) {
                case QuestionnaireDefinitions.Known known -> {
                    assertThat(known.items().values()).doesNotHaveDuplicates().allSatisfy(ours ->
                            assertThat(known.instrument().item(ours)).isPresent());
                    assertThat(known.items().keySet()).isSubsetOf(questionnaire.get().getItem().stream()
                            .map(Questionnaire.QuestionnaireItemComponent::getLinkId).toList());
                }
                case QuestionnaireDefinitions.NewDefinition definition -> {
                    if (InstrumentDefinitions.read(definition.json()) instanceof InstrumentDefinitions.Result.Invalid
                            invalid) {
                        assertThat(invalid.problems()).isNotEmpty();
                    }
                }
                case QuestionnaireDefinitions.Problems problems -> assertThat(problems.problems()).isNotEmpty()
                        .allSatisfy(problem -> assertThat(problem).isNotBlank().doesNotContain("<", ">", "\""));
            }
        }
    }
}
