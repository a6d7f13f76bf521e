package io.aiworkflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load driver: {@code clients} threads each run executions back to back, first for
 * the warm-up, then for the measured period. Only executions that complete inside the measured
 * period count, for the rate and for the latencies.
 */
final class Load {

    /** One execution, blocking until it is complete (for the engine: history committed). */
    @FunctionalInterface
    interface Execution {
        void run() throws Exception;
    }

    /** Makes each client's execution (so a client can hold a connection of its own). */
    @FunctionalInterface
    interface Client {
        Execution open(int index) throws Exception;
    }

    record Result(
            String scenario,
            int clients,
            long executions,
            double seconds,
            double perSecond,
            double p50Ms,
            double p99Ms,
            double meanMs,
            long errors,
            String notes,
            MachineCpu.Use cpu) {

        Result withNotes(String text) {
            return new Result(
                    scenario, clients, executions, seconds, perSecond, p50Ms, p99Ms, meanMs, errors, text, cpu);
        }

        Result withCpu(MachineCpu.Use use) {
            return new Result(
                    scenario, clients, executions, seconds, perSecond, p50Ms, p99Ms, meanMs, errors, notes, use);
        }

        /** The machine's busy CPU time per measured execution, in milliseconds (NaN if not measured). */
        double cpuMsPerExecution() {
            return cpu == null || executions == 0 ? Double.NaN : cpu.busySeconds() * 1000 / executions;
        }
    }

    /** Whether the measured period is running (scenarios use it to restrict their own counters). */
    static volatile boolean measuring;

    private Load() {}

    static Result drive(String scenario, int clients, Client factory, Duration warmup, Duration measure)
            throws Exception {
        Execution[] executions = new Execution[clients];
        for (int i = 0; i < clients; i++) {
            executions[i] = factory.open(i);
        }
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            Thread t = new Thread(
                    () -> {
                        long[] mine = new long[1 << 14];
                        int n = 0;
                        ready.countDown();
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long measureFrom = window[0];
                        long measureTo = window[1];
                        while (true) {
                            long t0 = System.nanoTime();
                            if (t0 >= measureTo) {
                                break;
                            }
                            try {
                                executions[index].run();
                            } catch (Throwable e) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e);
                                if (errors.get() > 100) {
                                    break;
                                }
                                continue;
                            }
                            long t1 = System.nanoTime();
                            if (t1 >= measureFrom && t1 < measureTo) {
                                if (n == mine.length) {
                                    mine = Arrays.copyOf(mine, n * 2);
                                }
                                mine[n++] = t1 - t0;
                            }
                        }
                        latencies[index] = mine;
                        counts[index] = n;
                    },
                    "bench-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start + warmup.toNanos();
        window[1] = window[0] + measure.toNanos();
        go.countDown();
        long untilMeasure = window[0] - System.nanoTime();
        if (untilMeasure > 0) {
            Thread.sleep(untilMeasure / 1_000_000, (int) (untilMeasure % 1_000_000));
        }
        measuring = true;
        MachineCpu cpuFrom = MachineCpu.read();
        long untilEnd = window[1] - System.nanoTime();
        if (untilEnd > 0) {
            Thread.sleep(untilEnd / 1_000_000, (int) (untilEnd % 1_000_000));
        }
        MachineCpu cpuTo = MachineCpu.read();
        for (Thread t : threads) {
            t.join(120_000);
        }
        measuring = false;
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            if (latencies[i] != null) {
                System.arraycopy(latencies[i], 0, all, at, counts[i]);
                at += counts[i];
            }
        }
        if (firstError.get() != null) {
            System.err.println(
                    "[bench] " + scenario + " x" + clients + ": " + errors.get() + " failed executions; first:");
            firstError.get().printStackTrace();
        }
        Result result = result(scenario, clients, all, at, measure.toNanos() / 1e9, errors.get());
        return cpuFrom == null || cpuTo == null ? result : result.withCpu(cpuTo.since(cpuFrom));
    }

    /** The figures of {@code n} measured latencies (nanoseconds, sorted here) over {@code seconds}. */
    static Result result(String scenario, int clients, long[] latencies, int n, double seconds, long errors) {
        Arrays.sort(latencies, 0, n);
        double mean =
                n == 0 ? Double.NaN : Arrays.stream(latencies, 0, n).average().orElse(0) / 1e6;
        return new Result(
                scenario,
                clients,
                n,
                seconds,
                n / seconds,
                percentile(latencies, n, 50),
                percentile(latencies, n, 99),
                mean,
                errors,
                "",
                null);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
    }
}
