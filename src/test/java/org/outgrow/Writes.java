package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Writes made through the application under load, and what it answered: acknowledged, refused,
 * unavailable (the database is down, said with a 503), or in doubt (sent, but the node died or
 * the database went away before an answer). The process tests crash something while writers
 * are busy, then check that every acknowledged write is there exactly once. Clients are
 * registered here; questionnaire responses and note saves have their own ledgers
 * ({@link ResponseWrites}, {@link NoteWrites}) that make {@link Writer}s for the same loop.
 */
final class Writes {

    /** Acknowledged writes each surviving writer makes after the crash before it stops. */
    static final int AFTER_CRASH = 5;

    /** What the application answered to one write. */
    enum Answer {
        ACKNOWLEDGED,
        /** Refused as sent: nothing stored, and trying again would not help. */
        REFUSED,
        /** 503: the database cannot be reached; the write may or may not be stored. */
        UNAVAILABLE,
        /** Any other failure; the write is in doubt. */
        FAILED;

        static Answer ofFailure(int status) {
            return status == 503 ? UNAVAILABLE : FAILED;
        }
    }

    /** One writer's next write: a new one, or its in-doubt one again (same key) when it has one. */
    interface Writer {
        Answer write() throws IOException, InterruptedException;
    }

    interface Crash {
        void happen() throws Exception;
    }

    /** When writes failed during an outage and when they were answered again, from the writers' side. */
    record Outage(int failedWrites, Map<Integer, Long> statuses, Duration firstFailure, Duration backAfter) {
        Duration seen() {
            return backAfter.minus(firstFailure);
        }
    }

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    final AtomicInteger acknowledgedAfterCrash = new AtomicInteger();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final String prefix;
    private volatile boolean crashed;

    Writes(String prefix) {
        this.prefix = prefix;
    }

    boolean register(Web web, String suffix) throws IOException, InterruptedException {
        return registerOnce(web, prefix + " " + suffix) == Answer.ACKNOWLEDGED;
    }

    /** Registration has no key: a client in doubt is not sent again, the writer goes on with the next. */
    Writer registering(Web web, String writer) {
        AtomicInteger next = new AtomicInteger();
        return () -> registerOnce(web, prefix + " " + writer + "-" + next.getAndIncrement());
    }

    private Answer registerOnce(Web web, String name) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = web.post("/clients", Map.of("displayName", name));
            if (Web.acknowledgedRegistration(response)) {
                acknowledged.add(name);
                return Answer.ACKNOWLEDGED;
            }
            if (response.statusCode() >= 500) {
                inDoubt.add(name);
                return Answer.ofFailure(response.statusCode());
            }
            refused.add(name);
            return Answer.REFUSED;
        } catch (IOException e) {
            inDoubt.add(name);
            throw e;
        }
    }

    /** Each web gets {@code writersEach} writers registering clients; see {@link #keepWritingWhile(Map, Crash)}. */
    void keepWritingWhile(List<Web> webs, int writersEach, String phase, Crash crash) throws Exception {
        Map<String, Writer> writers = new LinkedHashMap<>();
        for (int n = 0; n < webs.size(); n++) {
            for (int w = 0; w < writersEach; w++) {
                String writer = phase + " " + n + "." + w;
                writers.put(writer, registering(webs.get(n), writer));
            }
        }
        keepWritingWhile(writers, crash);
    }

    /**
     * The writers keep writing; once they are all under way the crash happens (a node killed).
     * Writers whose node died stop without an answer, the others make {@link #AFTER_CRASH} more
     * acknowledged writes and stop. Nothing is refused or fails while the nodes are up.
     */
    void keepWritingWhile(Map<String, Writer> writers, Crash crash) throws Exception {
        run(writers, crash, null);
        assertThat(failures).as("writes that failed while the application was up").isEmpty();
    }

    /**
     * The writers keep writing while the crash takes the database away and brings it back (the
     * application stays up): after a failed write a writer waits until {@code backUp} says the
     * application can serve again, then tries again, as a client would, until each writer has
     * {@link #AFTER_CRASH} acknowledged writes after the crash. Every failure must be a 503.
     */
    Outage keepWritingThrough(Map<String, Writer> writers, Crash crash, BooleanSupplier backUp) throws Exception {
        Outage outage = run(writers, crash, backUp);
        assertThat(failures).as("writes that failed other than with a 503 'database unreachable'").isEmpty();
        return outage;
    }

    /** {@code backUp} is null when a crash ends the writers' node, or what they wait for before trying again. */
    private Outage run(Map<String, Writer> writers, Crash crash, @Nullable BooleanSupplier backUp) throws Exception {
        boolean throughOutage = backUp != null;
        CountDownLatch underWay = new CountDownLatch(writers.size() * 3);
        List<Thread> threads = new ArrayList<>();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
        java.util.Queue<Long> answeredAfterCrash = new java.util.concurrent.ConcurrentLinkedQueue<>();
        crashed = false;
        long started = System.nanoTime();
        for (Map.Entry<String, Writer> entry : writers.entrySet()) {
            String name = entry.getKey();
            Writer writer = entry.getValue();
            threads.add(Thread.ofPlatform().name("writer-" + name).start(() -> {
                int afterCrash = 0;
                long deadline = Long.MAX_VALUE;
                while (afterCrash < AFTER_CRASH && System.nanoTime() < deadline) {
                    boolean sinceCrash = crashed;
                    if (sinceCrash && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    }
                    long attempt = System.nanoTime() - started;
                    Answer answer;
                    try {
                        answer = writer.write();
                    } catch (IOException nodeGone) {
                        if (!throughOutage) {
                            return; // the node this writer talks to is gone
                        }
                        answer = Answer.FAILED;
                    } catch (InterruptedException e) {
                        return;
                    }
                    switch (answer) {
                        case ACKNOWLEDGED -> {
                            underWay.countDown();
                            if (sinceCrash) {
                                afterCrash++;
                                acknowledgedAfterCrash.incrementAndGet();
                                answeredAfterCrash.add(System.nanoTime() - started);
                            }
                        }
                        case REFUSED -> {
                            failures.add(name + ": refused");
                            return;
                        }
                        case UNAVAILABLE, FAILED -> {
                            failed.incrementAndGet();
                            statuses.merge(answer == Answer.UNAVAILABLE ? 503 : 0, 1L, Long::sum);
                            firstFailure.accumulateAndGet(attempt, Math::min);
                            lastFailure.accumulateAndGet(attempt, Math::max);
                            if (!throughOutage || answer == Answer.FAILED) {
                                failures.add(name + ": " + answer);
                            }
                            try {
                                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                                        .until(backUp::getAsBoolean);
                            } catch (ConditionTimeoutException stillDown) {
                                failures.add(name + ": the application did not serve again within 2 minutes");
                                return;
                            }
                        }
                    }
                }
            }));
        }
        assertThat(underWay.await(2, TimeUnit.MINUTES)).as("writers under way (failures: %s)", failures).isTrue();
        crash.happen();
        crashed = true;
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(3));
            assertThat(thread.isAlive()).as("%s stopped after the crash", thread.getName()).isFalse();
        }
        assertThat(refused).as("writes refused while the application was up").isEmpty();
        long back = answeredAfterCrash.stream().mapToLong(Long::longValue).filter(at -> at > lastFailure.get()).min()
                .orElse(0);
        return new Outage(failed.get(), statuses, Duration.ofNanos(firstFailure.get() == Long.MAX_VALUE ? 0
                : firstFailure.get()), Duration.ofNanos(back));
    }

    void assertEachAcknowledgedListedOnce(Web web) throws IOException, InterruptedException {
        Map<String, Long> listed = web.clientNamesStartingWith(prefix);
        Map<String, Long> notOnce = new LinkedHashMap<>();
        for (String name : acknowledged) {
            long count = listed.getOrDefault(name, 0L);
            if (count != 1) {
                notOnce.put(name, count);
            }
        }
        assertThat(notOnce).as("acknowledged clients not listed exactly once").isEmpty();
        Map<String, Long> others = listed.entrySet().stream().filter(entry -> !acknowledged.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(others).as("clients listed that were never acknowledged").allSatisfy((name, count) -> {
            assertThat(inDoubt).as("sent but unanswered").contains(name);
            assertThat(count).isEqualTo(1L);
        });
    }
}
