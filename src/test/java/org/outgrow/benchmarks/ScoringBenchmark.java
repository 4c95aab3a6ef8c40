package org.outgrow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.outgrow.measurement.Answer;
import org.outgrow.measurement.Change;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.measurement.Score;
import org.outgrow.measurement.Scorer;

/**
 * Responses per second through the scoring engine: a PHQ-9 response scored, then classified
 * against a baseline. Run with the command in docs/benchmarks.md; never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {

    private Instrument phq9;
    private Score baseline;
    private final List<List<Answer>> responses = new ArrayList<>();
    private int next;

    @Setup
    public void load() {
        phq9 = new InstrumentLibrary().find("phq-9").orElseThrow();
        Random random = new Random(1);
        for (int r = 0; r < 1024; r++) {
            List<Answer> answers = new ArrayList<>(9);
            for (int item = 1; item <= 9; item++) {
                answers.add(Answer.of("phq9_" + item, random.nextInt(4)));
            }
            responses.add(answers);
        }
        baseline = Scorer.score(phq9, responses.getFirst());
    }

    @Benchmark
    public Object scoreAndClassify() {
        Score score = Scorer.score(phq9, responses.get(next++ & 1023));
        return Change.between(phq9, baseline, score);
    }
}
