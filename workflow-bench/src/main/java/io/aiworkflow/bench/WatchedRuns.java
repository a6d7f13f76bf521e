package io.aiworkflow.bench;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runs one round of debug watchers follows, shared by the watchers and the executing clients:
 * each run's index (for the watchers' bit sets) and what dates its events on the server's clock.
 * The channel's messages carry no event time, only {@code elapsed_time} since the run began, in
 * milliseconds; the run's terminal messages carry its whole elapsed time, and the recorded instance
 * (the execute answer) its {@code endTime}, the terminal event's own time. So the run began at
 * endTime − that elapsed time, and each event happened at that start + its message's elapsed time.
 */
final class WatchedRuns {

    /** One run. Each figure is set by whichever thread learns it first; every watcher sees the same. */
    static final class Run {
        final int index;
        /**
         * first heard of in the measured period: its events are the ones dated, also those that
         * arrive after the period (a backlog is what the delay should show)
         */
        final boolean measured;
        /** the recorded end, epoch ms, from the execute answer; -1 until known */
        volatile long endMillis = -1;
        /** the run's elapsed time on its terminal messages, ms, from a watcher; -1 until seen */
        volatile long terminalElapsedMs = -1;

        Run(int index, boolean measured) {
            this.index = index;
            this.measured = measured;
        }

        boolean isTimed() {
            return endMillis >= 0 && terminalElapsedMs >= 0;
        }

        /** When the run began on the server's clock, epoch ms; only when {@link #isTimed}. */
        long startMillis() {
            return endMillis - terminalElapsedMs;
        }
    }

    private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger executed = new AtomicInteger();

    Run run(String id) {
        Run run = runs.get(id);
        if (run == null) {
            run = runs.computeIfAbsent(id, k -> new Run(next.getAndIncrement(), Load.measuring));
        }
        return run;
    }

    /** A run the clients executed to completion, ended at {@code endMillis}. */
    void executed(String id, long endMillis) {
        run(id).endMillis = endMillis;
        executed.incrementAndGet();
    }

    int executedCount() {
        return executed.get();
    }

    /** The indices of the runs executed to completion: every watcher should have seen each whole. */
    BitSet executedIndices() {
        BitSet set = new BitSet();
        runs.values().stream().filter(r -> r.endMillis >= 0).forEach(r -> set.set(r.index));
        return set;
    }
}
