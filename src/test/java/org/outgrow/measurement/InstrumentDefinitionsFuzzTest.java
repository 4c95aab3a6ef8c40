package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Checklist T22 for the instrument definition an administrator pastes: whatever the text, it is
 * read into an instrument or refused with problems named by field, never with an exception, and
 * an instrument it reads can be shown and scored (or its answers refused as {@link InvalidResponse}).
 * Corpus in {@code InstrumentDefinitionsFuzzTestInputs/} (shipped definitions and broken ones);
 * fuzzing with {@code .ci/fuzz}.
 *
 * <p>The checks live in {@code Check}, and the test class names no application type: in fuzzing
 * mode Jazzer 0.24 installs its agent after JUnit has read the test class's members, so the
 * classes those name are retransformed, and on JDK 25 a retransformed record with type
 * annotations (ours have {@code @Nullable}) then fails with NoSuchFieldError (JDK-8376185).
 * The other fuzz tests do the same.
 */
class InstrumentDefinitionsFuzzTest {

    @FuzzTest
    void aPastedDefinitionIsReadOrRefusedWithItsProblemsNamed(byte[] input) {
        Check.definition(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        static void definition(String json) {
            switch (InstrumentDefinitions.read(json)) {
                case InstrumentDefinitions.Result.Valid valid -> showsAndScores(valid.instrument());
                case InstrumentDefinitions.Result.Invalid invalid -> assertThat(invalid.problems()).isNotEmpty()
                        .allSatisfy(problem -> assertThat(problem).isNotBlank());
            }
        }

        private static void showsAndScores(Instrument instrument) {
            assertThat(Questionnaire.of(instrument, Locale.GERMAN).questions()).hasSameSizeAs(instrument.items());
            for (boolean highest : new boolean[] {false, true}) {
                List<Answer> answers = instrument.items().stream().map(item -> item.options().isEmpty()
                        ? Answer.missing(item.id()) : Answer.of(item.id(), (highest ? item.options().getLast()
                        : item.options().getFirst()).value())).toList();
                try {
                    Score score = Scorer.score(instrument, answers);
                    assertThat(score.total() == null || Double.isFinite(score.total())).as("a finite total").isTrue();
                } catch (InvalidResponse refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
        }
    }
}
