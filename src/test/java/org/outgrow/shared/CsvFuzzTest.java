package org.outgrow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Checklist T22 for CSV export: whatever text a cell holds (a note, a name, a goal), the row
 * {@link Csv} writes reads back, by a strict RFC 4180 reader, as exactly the cells given, and no
 * cell reads back as something a spreadsheet would run as a formula. The input is UTF-8 text whose
 * cells are separated by {@code |}. Corpus in {@code CsvFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}.
 */
class CsvFuzzTest {

    @FuzzTest
    void anExportedRowReadsBackAsItsCellsAndNoneRunsAsAFormula(byte[] input) {
        List<String> cells = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\\|", -1));

        List<String> row = Rfc4180.oneRecord(Csv.row(cells) + "\r\n");
        List<String> quoted = Rfc4180.oneRecord(String.join(",", cells.stream().map(Csv::quoted).toList()) + "\n");

        assertThat(row).hasSameSizeAs(cells);
        assertThat(quoted).hasSameSizeAs(cells);
        for (int i = 0; i < cells.size(); i++) {
            String given = cells.get(i);
            assertThat(row.get(i)).isEqualTo(formulaLike(given) && !given.matches("-?\\d+(\\.\\d+)?")
                    ? "'" + given : given);
            assertThat(quoted.get(i)).isEqualTo(formulaLike(given) ? "'" + given : given);
            assertThat(formulaLike(quoted.get(i))).isFalse();
        }
        assertThat(Csv.split(Csv.row(cells))).as("the application's own reader").isEqualTo(row);
    }

    private static boolean formulaLike(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
    }

    /**
     * A reader that takes RFC 4180 at its word: a field is quoted, with {@code ""} for a quote, or
     * holds no quote, comma, CR or LF; a record ends at CRLF (or LF).
     */
    static final class Rfc4180 {

        static List<String> oneRecord(String text) {
            List<String> fields = new ArrayList<>();
            int at = 0;
            while (true) {
                StringBuilder field = new StringBuilder();
                if (at < text.length() && text.charAt(at) == '"') {
                    at++;
                    while (true) {
                        assertThat(at).as("a closing quote in %s", text).isLessThan(text.length());
                        char c = text.charAt(at++);
                        if (c == '"' && at < text.length() && text.charAt(at) == '"') {
                            field.append('"');
                            at++;
                        } else if (c == '"') {
                            break;
                        } else {
                            field.append(c);
                        }
                    }
                } else {
                    while (at < text.length() && ",\r\n".indexOf(text.charAt(at)) < 0) {
                        assertThat(text.charAt(at)).as("a quote in an unquoted field of %s", text).isNotEqualTo('"');
                        field.append(text.charAt(at++));
                    }
                }
                fields.add(field.toString());
                assertThat(at).as("the record's end in %s", text).isLessThan(text.length());
                char next = text.charAt(at++);
                if (next == ',') {
                    continue;
                }
                if (next == '\r') {
                    assertThat(at < text.length() && text.charAt(at) == '\n').as("CR only before LF in %s", text)
                            .isTrue();
                    at++;
                }
                assertThat(at).as("one record in %s", text).isEqualTo(text.length());
                return fields;
            }
        }
    }
}
