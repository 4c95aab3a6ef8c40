package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checklist T22 for the parts that read what people send: instrument definitions an administrator
 * pastes, answers to score, and the {@code score} command's CSV. Random and mutated inputs may be
 * refused, but only in the declared ways (a definition's problems, {@link InvalidResponse}, an
 * invalid-row count), never with another exception, and a scored response stays within what the
 * instrument allows.
 *
 * <p>Every build replays a fixed-seed corpus ({@link #aFixedCorpusOfMutatedInputsIsRefusedOnlyInTheDeclaredWays});
 * the long run is tagged {@code fuzz}: {@code ./mvnw test -Dtest=MeasurementFuzzTest
 * -Dsurefire.excludedGroups= -Doutgrow.fuzz.minutes=10} (a new random seed each run, printed so a
 * failure can be replayed with {@code -Doutgrow.fuzz.seed=...}).
 */
class MeasurementFuzzTest {

    private static final InstrumentLibrary LIBRARY = new InstrumentLibrary();
    private static final List<String> SHIPPED = List.of("phq-9", "gad-7", "phq-15", "pcl-5", "audit-c-uk", "core-10",
            "goal-rating", "session-feedback");

    @Test
    void aFixedCorpusOfMutatedInputsIsRefusedOnlyInTheDeclaredWays() throws IOException {
        Random random = new Random(20261201L);
        for (int round = 0; round < 400; round++) {
            oneRound(random);
        }
    }

    @Test
    @Tag("fuzz")
    void longRun() throws IOException {
        long seed = Long.getLong("outgrow.fuzz.seed", System.nanoTime());
        Duration budget = Duration.ofMinutes(Long.getLong("outgrow.fuzz.minutes", 10));
        System.out.println("MeasurementFuzzTest seed " + seed + ", " + budget);
        Random random = new Random(seed);
        long end = System.nanoTime() + budget.toNanos();
        long rounds = 0;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            oneRound(random);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one round, seed " + seed)
                    .isLessThan(Duration.ofSeconds(1));
            rounds++;
        }
        System.out.println("MeasurementFuzzTest " + rounds + " rounds, no failure");
    }

    private static void oneRound(Random random) throws IOException {
        String id = SHIPPED.get(random.nextInt(SHIPPED.size()));
        String definition = mutate(shipped(id), random);
        InstrumentDefinitions.Result read = InstrumentDefinitions.read(definition);
        Instrument instrument = read instanceof InstrumentDefinitions.Result.Valid valid ? valid.instrument()
                : LIBRARY.find(id).orElseThrow();
        if (read instanceof InstrumentDefinitions.Result.Invalid invalid) {
            assertThat(invalid.problems()).isNotEmpty();
        }
        scoreRandomAnswers(instrument, random);
        scoreRandomCsv(instrument, random);
    }

    @Test
    void aDefinitionNestedTooDeepIsRefusedWithAProblemNotAnException() {
        String deep = "{\"items\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(InstrumentDefinitions.read(deep)).isInstanceOf(InstrumentDefinitions.Result.Invalid.class);
    }

    @Test
    void aNumberBeyondTheIntegerRangeIsAProblemNotAnException() {
        String definition = shipped("phq-9").replaceFirst("\"version\": *\\d+", "\"version\": 2147483648");
        assertThat(definition).contains("2147483648");
        assertThat(InstrumentDefinitions.read(definition)).isInstanceOf(InstrumentDefinitions.Result.Invalid.class);
    }

    private static void scoreRandomAnswers(Instrument instrument, Random random) {
        List<Answer> answers = new ArrayList<>();
        for (Instrument.Item item : instrument.items()) {
            int pick = random.nextInt(10);
            if (pick == 0) {
                continue;
            }
            String itemId = pick == 1 ? item.id() + "x" : item.id();
            Integer value = pick == 2 ? null : pick == 3 ? random.nextInt() : item.options().isEmpty() ? 0
                    : item.options().get(random.nextInt(item.options().size())).value();
            answers.add(new Answer(itemId, value));
            if (pick == 4) {
                answers.add(new Answer(itemId, value));
            }
        }
        java.util.Collections.shuffle(answers, random);
        try {
            Score score = Scorer.score(instrument, answers);
            if (score.total() != null) {
                double max = instrument.items().stream().mapToInt(item -> item.options().stream()
                        .mapToInt(Instrument.Option::value).map(Math::abs).max().orElse(0)).sum();
                assertThat(Math.abs(score.total())).as(instrument.id() + " " + answers).isLessThanOrEqualTo(max);
            }
        } catch (InvalidResponse refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static void scoreRandomCsv(Instrument instrument, Random random) throws IOException {
        StringBuilder csv = new StringBuilder("client,date");
        instrument.items().forEach(item -> csv.append(',').append(item.id()));
        int rows = random.nextInt(6);
        for (int row = 0; row < rows; row++) {
            csv.append('\n').append(random.nextBoolean() ? "c" + random.nextInt(3) : "\"=HYPERLINK(\"\"x\"\")\"")
                    .append(',').append(random.nextInt(4) == 0 ? "2026-13-45" : "2026-11-0" + (1 + random.nextInt(9)));
            int columns = instrument.items().size() + (random.nextInt(8) == 0 ? random.nextInt(3) - 1 : 0);
            for (int column = 0; column < columns; column++) {
                csv.append(',').append(switch (random.nextInt(8)) {
                    case 0 -> "";
                    case 1 -> "-1";
                    case 2 -> "99999999999999999999";
                    case 3 -> "\"1,2\"";
                    case 4 -> "\"";
                    default -> Integer.toString(random.nextInt(5));
                });
            }
        }
        String text = mutateLightly(csv.toString(), random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScoreCommand.score(instrument, new StringReader(text),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(text).isIn(0, 1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isLessThanOrEqualTo(Math.max(1, text.lines().count()));
    }

    private static String mutate(String json, Random random) {
        StringBuilder text = new StringBuilder(json);
        int mutations = 1 + random.nextInt(6);
        for (int i = 0; i < mutations && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(9)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, "{[\",:}]-0e9".charAt(random.nextInt(11)));
                case 2 -> text.setLength(at);
                case 3 -> text.insert(at, "1e308");
                case 4 -> text.insert(at, "\"\\u0000<script>\"");
                case 5 -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(200))));
                case 6 -> replaceNumber(text, at, random);
                case 7 -> text.insert(at, "[".repeat(random.nextInt(2000)));
                default -> text.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return text.toString();
    }

    private static void replaceNumber(StringBuilder text, int from, Random random) {
        for (int i = from; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                String[] odd = {"-1", "2147483648", "0.5", "-0", "1e3", "NaN", "999999999"};
                text.replace(i, i + 1, odd[random.nextInt(odd.length)]);
                return;
            }
        }
    }

    private static String mutateLightly(String text, Random random) {
        return random.nextInt(3) == 0 ? mutate(text, random) : text;
    }

    private static String shipped(String id) {
        try (InputStream in = MeasurementFuzzTest.class.getResourceAsStream("/instruments/" + id + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
