package org.outgrow.shared;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV, with formula-looking cells neutralised on output. */
public final class Csv {

    private Csv() {
    }

    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    public static String cell(String value) {
        String safe = formulaLike(value) && !value.matches("-?\\d+(\\.\\d+)?") ? "'" + value : value;
        // A carriage return too (a bare one ends the row for a spreadsheet, as RFC 4180 has it).
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    /** A line of cells, each as {@link #cell}, without the line break. */
    public static String row(List<String> cells) {
        return String.join(",", cells.stream().map(Csv::cell).toList());
    }

    /**
     * Text always quoted, and neutralised like {@link #cell} (numbers too): for names, so that one
     * can never pass for a number or for a keyword written unquoted beside it (e.g. "practice").
     */
    public static String quoted(String text) {
        return '"' + (formulaLike(text) ? "'" + text : text).replace("\"", "\"\"") + '"';
    }

    /** A cell starting with {@code = + - @}, tab or carriage return, which a spreadsheet would run as a formula. */
    private static boolean formulaLike(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
    }
}
