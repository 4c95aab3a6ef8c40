package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Arrays;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checklist T5, the timing half: the median time of 200 failed sign-ins (and 200 link requests) for
 * an unknown address and for a known one differ by less than 10 ms. Wall-clock measurements do not
 * belong in the default build (a shared CI machine makes them flaky), so this is tagged
 * {@code nightly}: {@code ./mvnw test -Dtest=EnumerationTimingTest -Dsurefire.excludedGroups=}.
 * Each trial comes from its own address (no address throttle), and every failed sign-in for the
 * known account is followed by a correct one, so its lockout never starts.
 */
@OutgrowTest
@Tag("nightly")
class EnumerationTimingTest {

    private static final int TRIALS = 200;
    private static final double LIMIT_MS = 10;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void failedSignInsTakeAsLongForUnknownAsForKnownAddresses() throws Exception {
        var people = practices.create();
        String unknown = "nobody@" + people.slug() + ".test";
        warmUp(i -> unknown);
        double[] unknownTimes = new double[TRIALS];
        double[] knownTimes = new double[TRIALS];
        for (int i = 0; i < TRIALS; i++) {
            unknownTimes[i] = time(() -> new Visitor(mvc).signIn(unknown, "wrong password"));
            knownTimes[i] = time(() -> new Visitor(mvc).signIn(people.clientEmail(), "wrong password"));
            new Visitor(mvc).signIn(people.clientEmail(), TestPractice.PASSWORD); // resets the failure count
        }
        assertThat(Math.abs(median(unknownTimes) - median(knownTimes))).as("ms between medians").isLessThan(LIMIT_MS);
    }

    @Test
    void linkRequestsTakeAsLongForUnknownAsForKnownAddresses() throws Exception {
        var people = practices.create();
        String unknown = "nobody@" + people.slug() + ".test";
        warmUp(i -> unknown);
        double[] unknownTimes = new double[TRIALS];
        double[] knownTimes = new double[TRIALS];
        for (int i = 0; i < TRIALS; i++) {
            unknownTimes[i] = time(() -> new Visitor(mvc).perform(post("/login/link").param("email", unknown)
                    .with(csrf())));
            knownTimes[i] = time(() -> new Visitor(mvc).perform(post("/login/link").param("email",
                    people.clientEmail()).with(csrf())));
        }
        assertThat(Math.abs(median(unknownTimes) - median(knownTimes))).as("ms between medians").isLessThan(LIMIT_MS);
    }

    private void warmUp(IntFunction<String> address) throws Exception {
        for (int i = 0; i < 20; i++) {
            new Visitor(mvc).signIn(address.apply(i), "warm up");
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    private static double time(Call call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
