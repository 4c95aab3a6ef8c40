package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ca.uhn.fhir.parser.DataFormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.outgrow.measurement.Answer;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InvalidResponse;
import org.outgrow.measurement.Scorer;

/**
 * Checklist T22 for a QuestionnaireResponse posted to the FHIR interface, up to where the
 * database comes in: the body is read into one answer per item of the questionnaire it names (and
 * whatever else was sent, for the scorer to refuse by name), or refused as unreadable (400) or
 * with a message that says what to fix (422) and reflects none of the sent text but plain ids.
 * Corpus in {@code FhirSubmissionsFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks
 * live in {@code Check} (see {@code measurement/InstrumentDefinitionsFuzzTest} for why).
 */
class FhirSubmissionsFuzzTest {

    static {
        Fhir.json(); // HAPI's model is scanned once, before the first input is timed
    }

    @FuzzTest
    void aPostedResponseBecomesAnswersOrARefusalThatSaysWhatToFix(byte[] input) {
        Check.posted(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        static void posted(String body) {
            try {
                FhirSubmissions.Posted posted = FhirSubmissions.read(body, ShippedQuestionnaires::resolve);
                List<Answer> answers = FhirSubmissions.answers(posted.response(), posted.resolved());

                Instrument instrument = posted.resolved().instrument();
                assertThat(answers.subList(0, instrument.items().size())).extracting(Answer::item)
                        .containsExactlyElementsOf(instrument.items().stream().map(Instrument.Item::id).toList());
                try {
                    Scorer.score(instrument, answers);
                } catch (InvalidResponse refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            } catch (DataFormatException unreadable) {
                // declared: the controller answers 400, "The body is not a FHIR R4 resource in JSON."
            } catch (FhirSubmissions.Unprocessable refused) {
                assertThat(refused.getMessage()).isNotBlank();
                assertThat(refused.getMessage().replace("'Patient/<id>'", "")).doesNotContain("<", ">", "\"");
            }
        }
    }
}
