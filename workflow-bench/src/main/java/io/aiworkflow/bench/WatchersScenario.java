package io.aiworkflow.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code --scenarios=watchers}: {@code --watchers=N} (default 1,000) debug WebSocket watchers on the
 * bench app (the channel's {@code ?appId=}: every run of the app started after connecting), opened at
 * {@code --watchers-ramp=200} a second with the API key, while {@code --watchers-clients=4} clients
 * execute the app back to back (warm-up, then measured). The same executions without watchers are
 * measured first, for comparison; then one watcher is checked alone on one run. Reports whether every
 * watcher saw every event of every run in order ({@link WatcherCheck}), the delay from an event's time
 * on the server to its arrival here ({@link WatchedRuns} dates it), the executions' rate with the
 * watchers, and the server's threads, memory and heap ({@link ServerSampler}).
 *
 * <p>The WebSockets are the JDK client's, on {@value #CLIENT_THREADS} threads: no thread per socket.
 */
final class WatchersScenario {

    static final String PREFIX = "debug watchers: ";
    static final String WITHOUT = "HTTP API, before the debug watchers";
    static final int CLIENT_THREADS = 4;
    /** after the last watcher opened: its watch begins in the server's {@code @OnOpen}, just after the handshake */
    private static final long SETTLE_MS = 2_000;
    /** after the load: a watcher still receiving for this long without a message has got all it will */
    private static final long QUIET_MS = 3_000;

    private final int watchers;
    private final double perSecond;
    private final int clients;
    /** executions per second while the watchers listen (0: as fast as the clients go) */
    private final double runsPerSecond;

    private final Duration warmup;
    private final Duration measure;

    WatchersScenario(
            int watchers, double perSecond, int clients, double runsPerSecond, Duration warmup, Duration measure) {
        if (watchers < 1 || perSecond <= 0 || clients < 1) {
            throw new IllegalArgumentException(
                    "--watchers and --watchers-clients must be at least 1, --watchers-ramp above 0");
        }
        this.watchers = watchers;
        this.perSecond = perSecond;
        this.clients = clients;
        this.runsPerSecond = runsPerSecond;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** Runs the scenario on the platform, whose bench app is published; hands each result to {@code report}. */
    void run(HttpScenario http, Consumer<Load.Result> report) throws Exception {
        String appId = http.appId();
        String body = Json.createObjectBuilder()
                .add("appId", appId)
                .add("parameters", BenchDesign.parameters())
                .build()
                .toString();
        Load.Result without = Load.drive(WITHOUT, clients, i -> http.execution(), warmup, measure);
        report.accept(without);
        URI uri = URI.create(
                http.baseUri().resolve("ws/workflow/debug").toString().replaceFirst("^http", "ws")
                        + "?appId=" + URLEncoder.encode(appId, StandardCharsets.UTF_8)
                        + "&access_token=" + URLEncoder.encode(HttpScenario.KEY, StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS, EmulatedModel.daemonThreads("ws-client"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(pool)
                .build();
        List<WatcherCheck> checks = new ArrayList<>(watchers);
        try {
            checkOne(client, uri, http, body);
            try (ServerSampler sampler = ServerSampler.start()) {
                WatchedRuns runs = new WatchedRuns();
                double openSeconds = open(client, uri, runs, checks);
                Thread.sleep(SETTLE_MS);
                Load.Result with =
                        Load.drive(name(), clients, i -> paced(execution(http, body, runs)), warmup, measure);
                double drainSeconds = drain(checks, runs);
                String server = sampler.summary() + "; heap after the runs (jcmd) " + sampler.heapInfo();
                report.accept(result(with, without, checks, runs, openSeconds, drainSeconds, server));
            }
        } finally {
            close(checks);
            pool.shutdownNow();
        }
    }

    private String name() {
        return runsPerSecond > 0
                ? String.format(
                        Locale.ROOT,
                        "%s%,d on one app, %.0f executions/s by %d clients",
                        PREFIX,
                        watchers,
                        runsPerSecond,
                        clients)
                : String.format(Locale.ROOT, "%s%,d on one app, executions by %d clients", PREFIX, watchers, clients);
    }

    /**
     * Each client's executions spread to {@link #runsPerSecond} in all: every watcher gets every
     * message of every run, so the rate decides the server's sends (34 messages per run per watcher).
     * The pause before an execution counts in its latency here: read the event delay, not that.
     */
    private Load.Execution paced(Load.Execution execution) {
        if (runsPerSecond <= 0) {
            return execution;
        }
        long interval = (long) (clients * 1e9 / runsPerSecond);
        long[] next = {System.nanoTime()};
        return () -> {
            long wait = next[0] - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next[0] = Math.max(next[0] + interval, System.nanoTime());
            execution.run();
        };
    }

    /** One execution, recorded in {@code runs} with its end time (the answer is the recorded instance). */
    private static Load.Execution execution(HttpScenario http, String body, WatchedRuns runs) {
        return () -> {
            HttpResponse<String> r = http.send("POST", "api/app/workflow/execute", body);
            JsonObject instance = r.statusCode() == 200 ? HttpScenario.json(r) : null;
            if (instance == null || !"Completed".equals(instance.getString("state", ""))) {
                throw new IllegalStateException("execute answered " + r.statusCode() + ": " + r.body());
            }
            long end = OffsetDateTime.parse(instance.getString("endTime"))
                    .toInstant()
                    .toEpochMilli();
            runs.executed(instance.getString("id"), end);
        };
    }

    /** One watcher alone on one run: the channel's messages are what the check expects, and they can be dated. */
    private static void checkOne(HttpClient client, URI uri, HttpScenario http, String body) throws Exception {
        WatchedRuns runs = new WatchedRuns();
        WatcherCheck check = new WatcherCheck(runs, true);
        WebSocket socket = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, check)
                .get(60, TimeUnit.SECONDS);
        try {
            Thread.sleep(SETTLE_MS);
            execution(http, body, runs).run();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (check.endedRuns() < 1 && check.isListening() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            WatcherCheck.Outcome outcome = check.outcome(runs.executedIndices());
            long[] delays = check.delaysNanos(new long[1]);
            Arrays.sort(delays);
            if (outcome != WatcherCheck.Outcome.OK || delays.length != DebugMessage.BENCH_RUN.size()) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "one debug watcher alone did not pass: %s, %s (%d messages, %d dated)",
                        outcome,
                        check.problem(),
                        check.messages(),
                        delays.length));
            }
            System.out.printf(
                    Locale.ROOT,
                    "[bench] watchers: one watcher alone saw its run whole, %d messages, delay p50 %.1f ms,"
                            + " max %.1f ms%n",
                    check.messages(),
                    Load.percentile(delays, delays.length, 50),
                    delays[delays.length - 1] / 1e6);
        } finally {
            socket.abort();
        }
    }

    /** Opens the watchers at the ramp's pace; waits for every handshake. Returns the seconds it took. */
    private double open(HttpClient client, URI uri, WatchedRuns runs, List<WatcherCheck> checks) throws Exception {
        CompletableFuture<?>[] opened = new CompletableFuture<?>[watchers];
        long t0 = System.nanoTime();
        for (int i = 0; i < watchers; i++) {
            long due = t0 + (long) (i * 1e9 / perSecond);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            WatcherCheck check = new WatcherCheck(runs, false);
            checks.add(check);
            opened[i] = client.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, check)
                    .handle((socket, failure) -> {
                        if (failure != null) {
                            check.failedToOpen(failure);
                        }
                        return null;
                    });
        }
        try {
            CompletableFuture.allOf(opened).get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            System.err.println("[bench] watchers: handshakes still pending after 2 minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long listening = checks.stream().filter(WatcherCheck::isListening).count();
        System.out.printf(
                Locale.ROOT,
                "[bench] watchers: %,d of %,d open in %.1f s; now the load%n",
                listening,
                watchers,
                seconds);
        return seconds;
    }

    /**
     * After the load: waits until every watcher still listening has seen every executed run end, or
     * none has received anything for {@value #QUIET_MS} ms (2 minutes at most). Returns the seconds.
     */
    private static double drain(List<WatcherCheck> checks, WatchedRuns runs) throws InterruptedException {
        int executed = runs.executedCount();
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(2);
        long lastTotal = -1;
        long quietSince = t0;
        while (System.nanoTime() < deadline) {
            long total = 0;
            boolean caughtUp = true;
            for (WatcherCheck check : checks) {
                total += check.messages();
                caughtUp &= !check.isListening() || check.endedRuns() >= executed;
            }
            long now = System.nanoTime();
            if (caughtUp) {
                break;
            }
            if (total != lastTotal) {
                lastTotal = total;
                quietSince = now;
            } else if (now - quietSince > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                break;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Closes every socket still open: a close message each, then the connection. */
    private static void close(List<WatcherCheck> checks) {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (WatcherCheck check : checks) {
            WebSocket socket = check.socket();
            if (socket != null && !socket.isOutputClosed()) {
                closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // aborted below anyway
        }
        for (WatcherCheck check : checks) {
            if (check.socket() != null) {
                check.socket().abort();
            }
        }
    }

    private Load.Result result(
            Load.Result with,
            Load.Result without,
            List<WatcherCheck> checks,
            WatchedRuns runs,
            double openSeconds,
            double drainSeconds,
            String server) {
        BitSet executed = runs.executedIndices();
        Map<WatcherCheck.Outcome, Integer> counts = new EnumMap<>(WatcherCheck.Outcome.class);
        Map<WatcherCheck.Outcome, String> firstProblem = new EnumMap<>(WatcherCheck.Outcome.class);
        List<long[]> perWatcher = new ArrayList<>();
        long[] untimed = {0};
        long messages = 0;
        long missing = 0;
        for (WatcherCheck check : checks) {
            WatcherCheck.Outcome outcome = check.outcome(executed);
            counts.merge(outcome, 1, Integer::sum);
            if (!check.problem().isEmpty()) {
                firstProblem.putIfAbsent(outcome, check.problem());
            }
            messages += check.messages();
            missing += check.missing();
            perWatcher.add(check.delaysNanos(untimed));
        }
        long[] delays =
                perWatcher.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int ok = counts.getOrDefault(WatcherCheck.Outcome.OK, 0);
        long expected = (long) executed.cardinality() * DebugMessage.BENCH_RUN.size() * watchers;
        String notes = String.format(
                Locale.ROOT,
                "%d of %d watchers saw every event of every run in order, %d with gaps or runs missed, %d out of"
                        + " order, %d closed as slow consumers (1008), %d closed otherwise or not opened%s;"
                        + " %,d runs executed with the watchers (warm-up included, %d failed), %,d messages"
                        + " received of %,d expected (%d per run), %,d missing inside runs; event delay (server's"
                        + " event time, ms resolution, to arrival here; p50/p99 above) from %,d messages sampled of"
                        + " the runs begun in the measured period, max %.1f ms, %d not dated; executions with the"
                        + " watchers %.1f/s (p50 %.1f ms, p99 %.1f ms), without them just before %.1f/s (p50 %.1f"
                        + " ms, p99 %.1f ms); watchers opened in %.1f s at %.0f/s, drained %.1f s after the load; %s",
                ok,
                watchers,
                counts.getOrDefault(WatcherCheck.Outcome.GAPS, 0),
                counts.getOrDefault(WatcherCheck.Outcome.OUT_OF_ORDER, 0),
                counts.getOrDefault(WatcherCheck.Outcome.SLOW_CONSUMER, 0),
                counts.getOrDefault(WatcherCheck.Outcome.CLOSED, 0),
                firstProblem.isEmpty() ? "" : " (first problems: " + firstProblem + ")",
                runs.executedCount(),
                with.errors(),
                messages,
                expected,
                DebugMessage.BENCH_RUN.size(),
                missing,
                delays.length,
                delays.length == 0 ? Double.NaN : delays[delays.length - 1] / 1e6,
                untimed[0],
                with.perSecond(),
                with.p50Ms(),
                with.p99Ms(),
                without.perSecond(),
                without.p50Ms(),
                without.p99Ms(),
                openSeconds,
                perSecond,
                drainSeconds,
                server);
        double mean = Arrays.stream(delays).average().orElse(Double.NaN) / 1e6;
        return new Load.Result(
                name(),
                watchers,
                with.executions(),
                with.seconds(),
                with.perSecond(),
                Load.percentile(delays, delays.length, 50),
                Load.percentile(delays, delays.length, 99),
                mean,
                watchers - ok,
                notes,
                null);
    }

    /** The table's line: did every watcher see every event in order, the p99 event delay, the rate. */
    static Optional<String> target(List<Load.Result> results) {
        return results.stream()
                .filter(r -> r.scenario().startsWith(PREFIX))
                .findFirst()
                .map(r -> String.format(
                        Locale.ROOT,
                        "Debug watchers: all %,d saw every event of every run in order: %s; p99 event delay %.1f ms;"
                                + " %.1f executions/s with them attached",
                        r.clients(),
                        r.errors() == 0 ? "yes" : "NO (" + r.errors() + " not)",
                        r.p99Ms(),
                        r.perSecond()));
    }
}
