package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.stream.Collectors;

/**
 * Clients registered through the application under load, and what it answered: acknowledged,
 * refused, or in doubt (sent, but the node died before answering). The process tests crash
 * something while writers are busy, then check every acknowledged client is there exactly once.
 */
final class Writes {

    /** Acknowledged writes each surviving writer makes after the crash before it stops. */
    static final int AFTER_CRASH = 5;

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    final AtomicInteger acknowledgedAfterCrash = new AtomicInteger();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final String prefix;
    private volatile boolean crashed;

    Writes(String prefix) {
        this.prefix = prefix;
    }

    boolean register(Web web, String suffix) throws IOException, InterruptedException {
        String name = prefix + " " + suffix;
        try {
            if (web.registerClient(name)) {
                acknowledged.add(name);
                return true;
            }
            refused.add(name);
            return false;
        } catch (IOException e) {
            inDoubt.add(name);
            throw e;
        }
    }

    interface Crash {
        void happen() throws Exception;
    }

    /**
     * Each web gets {@code writersEach} writers that keep registering clients. Once they are all
     * under way the crash happens; writers whose node died stop without an answer, the others
     * make {@link #AFTER_CRASH} more acknowledged writes and stop.
     */
    void keepWritingWhile(List<Web> webs, int writersEach, String phase, Crash crash) throws Exception {
        CountDownLatch underWay = new CountDownLatch(webs.size() * writersEach * 3);
        List<Thread> writers = new ArrayList<>();
        crashed = false;
        for (int n = 0; n < webs.size(); n++) {
            Web web = webs.get(n);
            for (int w = 0; w < writersEach; w++) {
                String writer = phase + " " + n + "." + w;
                writers.add(Thread.ofPlatform().name("writer-" + writer).start(() -> {
                    int afterCrash = 0;
                    try {
                        for (int i = 0; afterCrash < AFTER_CRASH; i++) {
                            boolean sinceCrash = crashed;
                            if (!register(web, writer + "-" + i)) {
                                return;
                            }
                            underWay.countDown();
                            if (sinceCrash) {
                                afterCrash++;
                                acknowledgedAfterCrash.incrementAndGet();
                            }
                        }
                    } catch (IOException | InterruptedException nodeGone) {
                        // the node this writer talks to is gone
                    }
                }));
            }
        }
        assertThat(underWay.await(2, TimeUnit.MINUTES)).as("writers under way (refused: %s)", refused).isTrue();
        crash.happen();
        crashed = true;
        for (Thread writer : writers) {
            writer.join(Duration.ofMinutes(1));
            assertThat(writer.isAlive()).as("%s stopped after the crash", writer.getName()).isFalse();
        }
        assertThat(refused).as("writes refused while the application was up").isEmpty();
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
