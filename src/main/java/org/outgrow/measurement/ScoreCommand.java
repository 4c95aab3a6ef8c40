package org.outgrow.measurement;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.outgrow.shared.Commands;
import org.outgrow.shared.Csv;

/**
 * {@code score --instrument <id> --input <file.csv>}: scores historical responses with the same
 * engine as the application, for researchers and practices moving from paper. Input: a header,
 * then {@code client,date,} and one column per item in the instrument's order (blank = missing).
 * Output on stdout: {@code client,date,total,band,caseness,risk,change} and any subscales; change
 * is against that client's first row. Invalid rows go to stderr with their line number. Needs no
 * database, so it runs without starting the application.
 */
public final class ScoreCommand {

    private ScoreCommand() {
    }

    public static int run(List<String> args) {
        InstrumentLibrary library = new InstrumentLibrary();
        Map<String, String> options = Commands.OperatorCommand.options(args);
        String id = options.get("instrument");
        String input = options.get("input");
        if (id == null || input == null) {
            System.err.println("Usage: score --instrument <id> --input <file.csv>   (instruments: "
                    + library.all().stream().map(Instrument::id).toList() + ")");
            return 2;
        }
        Optional<Instrument> instrument = library.find(id);
        if (instrument.isEmpty()) {
            System.err.println("Unknown instrument '" + id + "'. Known: "
                    + library.all().stream().map(Instrument::id).toList());
            return 2;
        }
        try (Reader reader = Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            return score(instrument.get(), reader, System.out, System.err);
        } catch (IOException e) {
            System.err.println("Cannot read " + input + ": " + e.getMessage());
            return 2;
        }
    }

    /** Scores every row; returns 0 when all rows scored, 1 when some were invalid. */
    static int score(Instrument instrument, Reader input, PrintStream out, PrintStream err) throws IOException {
        List<String> lines = new java.io.BufferedReader(input).lines().toList();
        List<String> subscales = List.copyOf(instrument.scoring().subscales().keySet());
        out.println(String.join(",", header(subscales)));
        Map<String, Score> firstByClient = new HashMap<>();
        int invalid = 0;
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank()) {
                continue;
            }
            int lineNumber = index + 1;
            List<String> cells = Csv.split(line);
            Optional<String> shape = AnswerRow.shapeProblem(instrument, cells);
            if (shape.isPresent()) {
                err.println("line " + lineNumber + ": " + shape.get());
                invalid++;
                continue;
            }
            try {
                java.time.LocalDate.parse(cells.get(1));
                Score score = Scorer.score(instrument, AnswerRow.answers(instrument, cells));
                Score first = firstByClient.putIfAbsent(cells.get(0), score);
                String change = first == null ? "" : Change.between(instrument, first, score).map(Change::csv)
                        .orElse("");
                List<String> row = new ArrayList<>(List.of(cells.get(0), cells.get(1), number(score.total()),
                        score.band() == null ? "" : score.band(),
                        score.caseness() == null ? "" : score.caseness().toString(),
                        score.risk().name().toLowerCase(Locale.ROOT), change));
                subscales.forEach(name -> row.add(number(score.subscales().get(name))));
                out.println(Csv.row(row));
            } catch (InvalidResponse | java.time.format.DateTimeParseException e) {
                err.println("line " + lineNumber + ": " + (e instanceof InvalidResponse ? e.getMessage()
                        : "the date is not an ISO date (YYYY-MM-DD)"));
                invalid++;
            }
        }
        return invalid == 0 ? 0 : 1;
    }

    private static List<String> header(List<String> subscales) {
        List<String> header = new ArrayList<>(List.of("client", "date", "total", "band", "caseness", "risk", "change"));
        header.addAll(subscales);
        return header;
    }

    private static String number(@org.jspecify.annotations.Nullable Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value) ? Long.toString(value.longValue())
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
