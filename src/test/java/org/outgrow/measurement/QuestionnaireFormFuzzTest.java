package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Checklist T22 for the answers a client sends from the portal, an e-mailed link or the room:
 * whatever fields a form carries, only whole numbers for the instrument's own items are taken,
 * the rest of its items are listed as unanswered, and scoring them gives a score or an
 * {@link InvalidResponse} that names the problem. The input is UTF-8 text, {@code name=value}
 * pairs separated by {@code &} (as the servlet has decoded them), tried on every shipped
 * instrument. Corpus in {@code QuestionnaireFormFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}.
 * The checks live in {@code Check} (see {@link InstrumentDefinitionsFuzzTest} for why).
 */
class QuestionnaireFormFuzzTest {

    @FuzzTest
    void aSubmittedFormGivesWholeAnswersToTheInstrumentsOwnItemsOnly(byte[] input) {
        Check.form(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        private static final InstrumentLibrary LIBRARY = new InstrumentLibrary();

        static void form(String text) {
            Map<String, String> form = new HashMap<>();
            for (String pair : text.split("&")) {
                int equals = pair.indexOf('=');
                form.putIfAbsent(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
            for (Instrument instrument : LIBRARY.all()) {
                QuestionnaireForm submitted = QuestionnaireForm.submitted(instrument, form, null);

                assertThat(submitted.answers()).allSatisfy((item, value) -> {
                    assertThat(instrument.item(item)).isPresent();
                    assertThat(value).isBetween(-9999, 9999);
                    assertThat(form.get("item." + item)).as("the field it came from").matches("-?\\d{1,4}")
                            .satisfies(field -> assertThat(Integer.valueOf(field)).isEqualTo(value));
                });
                assertThat(submitted.answers().size() + submitted.unanswered().size())
                        .isEqualTo(instrument.items().size());
                try {
                    Score score = Scorer.score(instrument, submitted.answerList());
                    assertThat(score.total() == null || Double.isFinite(score.total())).isTrue();
                } catch (InvalidResponse refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
        }
    }
}
