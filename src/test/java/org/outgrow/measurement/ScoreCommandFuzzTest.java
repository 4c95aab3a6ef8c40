package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.outgrow.shared.Csv;

/**
 * Checklist T22 for the {@code score} command's CSV (client, ISO date, one number per item), the
 * format historical imports take too: every line is scored or named as invalid with its line
 * number, the exit status is 0 or 1, and every scored line is one well-formed output row.
 * Corpus in {@code ScoreCommandFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks live
 * in {@code Check} (see {@link InstrumentDefinitionsFuzzTest} for why).
 */
class ScoreCommandFuzzTest {

    @FuzzTest
    void everyLineIsScoredOrNamedAsInvalid(byte[] input) throws IOException {
        Check.scoring(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        private static final Instrument PHQ9 = new InstrumentLibrary().find("phq-9").orElseThrow();

        static void scoring(String text) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = ScoreCommand.score(PHQ9, new StringReader(text),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            List<String> rows = out.toString(StandardCharsets.UTF_8).lines().toList();
            List<String> refusals = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(status).isEqualTo(refusals.isEmpty() ? 0 : 1);
            assertThat(refusals).allSatisfy(refusal -> assertThat(refusal).matches("line \\d+: .+"));
            assertThat(rows.size() - 1L + refusals.size()).isLessThanOrEqualTo(Math.max(0, text.lines().count() - 1));
            assertThat(rows).allSatisfy(row -> assertThat(Csv.split(row)).hasSize(7));
        }
    }
}
