package org.outgrow.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one piece of work on two threads released at the same moment: two nodes running the same
 * scheduled job at once. Each thread takes its own pooled connection and transactions, so what
 * they share is what two nodes share, the database; the job beans hold no state of their own.
 */
public final class AtOnce {

    private AtOnce() {
    }

    public static void onTwoNodes(Runnable job) {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> nodes = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            nodes.add(Thread.ofPlatform().name("node-" + node).start(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                    job.run();
                } catch (InterruptedException | BrokenBarrierException | TimeoutException | RuntimeException
                         | AssertionError e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread node : nodes) {
            try {
                node.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (node.isAlive()) {
                throw new AssertionError(node.getName() + " did not finish its run");
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("A node's run failed", failure.get());
        }
    }
}
