package io.aiworkflow.bench;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.launcher.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * {@code ./bench.sh}: executions/s and p50/p99 latency of a 10-node linear DataProcess workflow with
 * full history in PostgreSQL, for 1 and 8 concurrent clients: the JDBC floor (the same rows in one
 * transaction), the engine in process and the HTTP API, all on one embedded PostgreSQL; then
 * engine ÷ floor. Prints figures only; nothing is asserted.
 *
 * <p>Options (arguments, or system properties {@code bench.*}): {@code --quick} (2 s warm-up, 5 s
 * measured), {@code --warmup=S}, {@code --measure=S}, {@code --clients=1,8}, {@code --node-threads=N},
 * {@code --scenarios=floor,engine,http,bulk} ({@code bulk}: a bulk rerun of 1,000 runs through the API
 * while one client executes interactively; {@code --bulk-in-flight=8}; {@code schedules}, not run by
 * default: 10,000 schedules due at once, how late their firings start) (also {@code floor-engine-sql}: the floor with the history
 * writer's idempotent statements), {@code --no-http}, {@code --payara-opts="-Xmx1g"},
 * {@code --server-warmup=S} (an unreported round at the most clients before the HTTP rounds and
 * before the replay rounds, while the server's JIT settles; 45 s, 10 with {@code --quick}),
 * {@code --sql-stats} (after each round, the statements that took PostgreSQL's time, per run:
 * {@link SqlStatements}), {@code --trace-rounds=8} and {@code --trace-round-warmup=5} (the {@code trace}
 * scenario's measured rounds, half at each level, and the seconds each warms up first),
 * {@code --paired-rounds=8} and {@code --paired-round-warmup=5} (with {@code floor} and {@code http}:
 * rounds of the floor and of the HTTP API in turn at the most clients after the HTTP rounds, whose
 * medians give the HTTP ÷ floor target; 0 for none).
 *
 * <p>{@code history}, not run by default (about 10 minutes): the platform's runs history filled by SQL
 * with {@code --history-runs=N} runs (default 1,000,000, ten node executions each), the runs list,
 * detail, trace and status read through the API (p50/p99/max of each kind, target p99 under 50 ms),
 * then a retention pass while one client executes interactively. It starts the platform by itself:
 * {@code --scenarios=history} runs it alone.
 *
 * <p>{@code streams}, not run by default (a minute or two with the platform's start): {@code --streams=N} (default
 * 2,000) SSE executions at once on one server, each waiting on an emulated slow LLM in this JVM (20
 * chunks over 10 s), opened at {@code --streams-ramp=400} a second: whether every run completed with its
 * events in order, the p99 delay from a chunk leaving the model to reaching its client, and the
 * server's threads, memory and heap. It starts the platform with node threads for every run at once
 * (see {@link StreamsScenario}), so run it alone: {@code --scenarios=streams}.
 *
 * <p>{@code watchers}, not run by default (about a minute with the platform's start): {@code --watchers=N}
 * (default 1,000) debug WebSocket watchers on the bench app, opened at {@code --watchers-ramp=200} a
 * second, while {@code --watchers-clients=4} clients execute it through the API (warm-up, then measured;
 * the same without watchers first): whether every watcher saw every event of every run in order (gaps,
 * out of order, closed as slow consumers), the p99 delay from an event on the server to a watcher, the
 * executions' rate with and without them, and the server's threads, memory and heap (see
 * {@link WatchersScenario}): {@code --scenarios=watchers}.
 */
public final class Benchmark {

    private static final String ENGINE = "engine in process";
    private static final String FLOOR = "JDBC floor";
    private static final String HTTP = "HTTP API";
    private static final String HTTP_REPLAY = "HTTP replay from the last node";
    private static final String FLOOR_PAIRED = FLOOR + " (paired round)";
    private static final String HTTP_PAIRED = HTTP + " (paired round)";

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        boolean quick = opts.containsKey("quick");
        Duration warmup =
                Duration.ofMillis((long) (1000 * Double.parseDouble(opts.getOrDefault("warmup", quick ? "2" : "5"))));
        // the unreported round that warms the server up before the HTTP and replay rounds
        Duration serverWarmup =
                Duration.ofSeconds(Long.parseLong(opts.getOrDefault("server-warmup", quick ? "10" : "45")));
        Duration measure =
                Duration.ofMillis((long) (1000 * Double.parseDouble(opts.getOrDefault("measure", quick ? "5" : "15"))));
        int[] clientCounts = Arrays.stream(opts.getOrDefault("clients", "1,8").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        int nodeThreads = Integer.parseInt(opts.getOrDefault("node-threads", "8"));
        List<String> scenarios = Arrays.stream(opts.getOrDefault("scenarios", "floor,engine,trace,http,bulk")
                        .split(","))
                .map(String::trim)
                .toList();
        boolean history = scenarios.contains("history");
        boolean streams = scenarios.contains("streams");
        boolean watchers = scenarios.contains("watchers");
        // the history, streams and watchers scenarios go through the platform's API, so they start it too
        boolean http = (scenarios.contains("http") || history || streams || watchers) && !opts.containsKey("no-http");
        int historyRuns = Integer.parseInt(opts.getOrDefault("history-runs", "1000000"));
        String payaraOpts = opts.getOrDefault("payara-opts", "-Xmx1g");

        Path projectDir = Path.of(System.getProperty("workflow.projectDir", "."))
                .toAbsolutePath()
                .normalize();
        Path target = projectDir.resolve("workflow-bench/target");
        Path work = target.resolve("bench-run");
        deleteRecursively(work);
        Files.createDirectories(work);

        System.out.printf(
                "[bench] warm-up %d s, measured %d s per scenario; clients %s; engine node threads %d; %d cores%n",
                warmup.toSeconds(),
                measure.toSeconds(),
                Arrays.toString(clientCounts),
                nodeThreads,
                Runtime.getRuntime().availableProcessors());
        List<Load.Result> results = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        SqlStatements sql = new SqlStatements(opts.containsKey("sql-stats"));
        EmbeddedDatabase database = EmbeddedDatabase.start(
                work.resolve("postgres"), 0, opts.containsKey("sql-stats") ? SqlStatements.SERVER_CONFIG : Map.of());
        HttpScenario[] platform = {null};
        Runnable stopAll = () -> {
            try {
                if (platform[0] != null) {
                    platform[0].close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
            try {
                database.close();
            } catch (IOException ignored) {
                // stopping anyway
            }
        };
        // the same stop on Ctrl-C (as a shutdown hook) and at the normal end
        Thread cleanup = new Thread(stopAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        StreamsScenario streamsScenario = null;
        try {
            System.out.println(
                    "[bench] embedded PostgreSQL on port " + database.port() + ", data in " + work.resolve("postgres"));
            PGSimpleDataSource ds = dataSource(database.port(), EmbeddedDatabase.DATABASE);
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            environment.put("PostgreSQL", scalar(ds, "select version()").replaceAll(" on .*", ""));
            environment.put("synchronous_commit", scalar(ds, "show synchronous_commit"));
            environment.put("fsync", scalar(ds, "show fsync"));
            environment.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            environment.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));

            long teamId = insertTeam(ds);
            String appId = insertApp(ds, teamId);
            List<EngineEvent> captured = EngineScenario.captureEvents(appId, teamId);
            JdbcFloor floor = new JdbcFloor(captured, appId, teamId);
            System.out.println("[bench] floor: " + floor.shape());

            for (int clients : clientCounts) {
                if (scenarios.contains("floor")) {
                    checkpoint(ds);
                    try (SimplePool pool = new SimplePool(ds, clients)) {
                        results.add(report(sql.around(
                                ds, () -> Load.drive(FLOOR, clients, i -> floor.client(pool), warmup, measure))));
                    }
                }
                if (scenarios.contains("floor-engine-sql")) {
                    checkpoint(ds);
                    try (SimplePool pool = new SimplePool(ds, clients)) {
                        results.add(report(Load.drive(
                                FLOOR + " (engine SQL)", clients, i -> floor.client(pool, true), warmup, measure)));
                    }
                }
                if (!scenarios.contains("engine")) {
                    continue;
                }
                checkpoint(ds);
                try (EngineScenario engine = new EngineScenario(ds, clients + 2, nodeThreads, appId, teamId)) {
                    Load.Result r =
                            sql.around(ds, () -> Load.drive(ENGINE, clients, i -> engine.execution(), warmup, measure));
                    results.add(report(r.withNotes(engine.breakdown())));
                }
            }
            // the cost of trace capture: the same engine scenario with the trace projection at full and none,
            // twice in opposite orders, so that a machine warming up or slowing down favours neither; each
            // round starts from an empty history, so that the tables growing round by round favour neither
            if (scenarios.contains("trace")) {
                int clients = clientCounts[clientCounts.length - 1];
                // first an unreported round at each level: run alone, the scenario would otherwise start
                // its first measured round (at full) while the JIT is still compiling the engine and writers
                for (String level : List.of("full", "none")) {
                    emptyHistory(ds);
                    try (EngineScenario engine =
                            new EngineScenario(ds, clients + 3, nodeThreads, appId, teamId, level)) {
                        Load.drive(
                                ENGINE + " + trace " + level + " (warming up)",
                                clients,
                                i -> engine.execution(),
                                warmup,
                                warmup);
                    }
                }
                // then rounds at each level in turn (full, none, none, full, …), their medians compared:
                // this machine has stretches in which the same work takes a third more CPU, and a mean of
                // two rounds a level moved with whichever round such a stretch fell on
                int rounds = Integer.parseInt(opts.getOrDefault("trace-rounds", "8"));
                Duration roundWarmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("trace-round-warmup", "5")));
                for (int round = 0; round < rounds; round++) {
                    String level = firstKind(round) ? "full" : "none";
                    emptyHistory(ds);
                    checkpoint(ds);
                    try (EngineScenario engine =
                            new EngineScenario(ds, clients + 3, nodeThreads, appId, teamId, level)) {
                        Load.Result r = sql.around(
                                ds,
                                () -> Load.drive(
                                        ENGINE + " + trace " + level,
                                        clients,
                                        i -> engine.execution(),
                                        roundWarmup,
                                        measure));
                        results.add(report(r.withNotes(engine.breakdown())));
                    }
                }
            }
            System.out.println("[bench] history check: " + historyCheck(ds));

            if (http) {
                createDatabase(ds, "workflow_http");
                // its emulated model is up first: the server is started with its port allowed
                streamsScenario = streams
                        ? new StreamsScenario(
                                Integer.parseInt(opts.getOrDefault("streams", "2000")),
                                Double.parseDouble(opts.getOrDefault("streams-ramp", "400")))
                        : null;
                platform[0] = new HttpScenario(
                        projectDir,
                        work.resolve("platform"),
                        "jdbc:postgresql://localhost:" + database.port() + "/workflow_http",
                        payaraOpts,
                        streamsScenario == null ? Map.of() : streamsScenario.serverEnvironment());
                platform[0].publish();
                PGSimpleDataSource httpDs = dataSource(database.port(), "workflow_http");
                if (scenarios.contains("http")) {
                    // an unreported round at the most clients first: the server's JIT settles over some 20,000
                    // requests, and whichever round came first measured the compiler (the same build gave 178
                    // and 236 runs/s at 1 client, measured first and after 8 clients)
                    int most = Arrays.stream(clientCounts).max().orElse(1);
                    Load.drive(HTTP + " (warming up)", most, i -> platform[0].execution(), warmup, serverWarmup);
                    for (int clients : clientCounts) {
                        checkpoint(httpDs);
                        results.add(report(sql.around(
                                httpDs,
                                () -> Load.drive(HTTP, clients, i -> platform[0].execution(), warmup, measure))));
                    }
                    // the target compares the two at the most clients; measured minutes apart, the ratio moved
                    // with the host's slow stretches (0.41 to 0.65 in recent sittings), so they are
                    // also measured in turn (floor, HTTP, HTTP, floor, …) and their medians compared
                    if (scenarios.contains("floor")) {
                        int rounds = Integer.parseInt(opts.getOrDefault("paired-rounds", "8"));
                        Duration roundWarmup =
                                Duration.ofSeconds(Long.parseLong(opts.getOrDefault("paired-round-warmup", "5")));
                        for (int round = 0; round < rounds; round++) {
                            if (firstKind(round)) {
                                checkpoint(ds);
                                try (SimplePool pool = new SimplePool(ds, most)) {
                                    results.add(report(Load.drive(
                                            FLOOR_PAIRED, most, i -> floor.client(pool), roundWarmup, measure)));
                                }
                            } else {
                                checkpoint(httpDs);
                                results.add(report(Load.drive(
                                        HTTP_PAIRED, most, i -> platform[0].execution(), roundWarmup, measure)));
                            }
                        }
                    }
                    Load.drive(
                            HTTP_REPLAY + " (warming up)",
                            most,
                            i -> platform[0].replayFromLastNode(),
                            warmup,
                            serverWarmup);
                    for (int clients : clientCounts) {
                        checkpoint(httpDs);
                        results.add(report(sql.around(
                                httpDs,
                                () -> Load.drive(
                                        HTTP_REPLAY,
                                        clients,
                                        i -> platform[0].replayFromLastNode(),
                                        warmup,
                                        measure))));
                    }
                }
                if (scenarios.contains("bulk")) {
                    checkpoint(httpDs);
                    int inFlight = Integer.parseInt(opts.getOrDefault("bulk-in-flight", "8"));
                    for (Load.Result r : BulkScenario.run(platform[0], inFlight, 1000)) {
                        results.add(report(r));
                    }
                }
                if (scenarios.contains("schedules")) {
                    checkpoint(httpDs);
                    results.add(report(ScheduleScenario.run(platform[0], httpDs)));
                }
                // before the history scenario: its filled runs are not complete 12-node runs
                if (scenarios.contains("http")) {
                    System.out.println("[bench] history check (HTTP): " + historyCheck(httpDs));
                }
                // after the HTTP history check too: its runs are not 12-node runs
                if (streams) {
                    checkpoint(httpDs);
                    results.add(report(streamsScenario.run(platform[0])));
                }
                if (watchers) {
                    checkpoint(httpDs);
                    new WatchersScenario(
                                    Integer.parseInt(opts.getOrDefault("watchers", "1000")),
                                    Double.parseDouble(opts.getOrDefault("watchers-ramp", "200")),
                                    Integer.parseInt(opts.getOrDefault("watchers-clients", "4")),
                                    Double.parseDouble(opts.getOrDefault("watchers-runs-per-second", "5")),
                                    warmup,
                                    measure)
                            .run(platform[0], r -> results.add(report(r)));
                }
                if (history) {
                    checkpoint(httpDs);
                    HistoryScenario scenario = new HistoryScenario(platform[0], httpDs);
                    environment.put("history", scenario.fill(historyRuns));
                    scenario.reads(r -> results.add(report(r)));
                    checkpoint(httpDs);
                    scenario.retention(warmup, measure, r -> results.add(report(r)));
                }
                platform[0].close();
                platform[0] = null;
            }
        } finally {
            stopAll.run();
            if (streamsScenario != null) {
                streamsScenario.close();
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }

        String table = table(results, clientCounts, environment, warmup, measure, nodeThreads);
        System.out.println();
        System.out.println(table);
        Path out = target.resolve("bench-results.md");
        Files.writeString(out, table);
        System.out.println("[bench] written to " + out);
    }

    private static Load.Result report(Load.Result r) {
        System.out.printf(
                Locale.ROOT,
                "[bench] %-18s %d client(s): %8.1f executions/s  p50 %7.2f ms  p99 %7.2f ms  (%d executions%s)%s%s%n",
                r.scenario(),
                r.clients(),
                r.perSecond(),
                r.p50Ms(),
                r.p99Ms(),
                r.executions(),
                r.errors() > 0 ? ", " + r.errors() + " FAILED" : "",
                r.cpu() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  CPU %.2f ms/exec (busy %.0f %%, steal %.0f %%)",
                                r.cpuMsPerExecution(),
                                r.cpu().busyShare() * 100,
                                r.cpu().stealShare() * 100),
                r.notes().isEmpty() ? "" : "\n         " + r.notes());
        return r;
    }

    static String table(
            List<Load.Result> results,
            int[] clientCounts,
            Map<String, String> environment,
            Duration warmup,
            Duration measure,
            int nodeThreads) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark: 10-node linear DataProcess workflow, full history in PostgreSQL\n\n");
        b.append("Run ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
                .append(", warm-up ")
                .append(warmup.toSeconds())
                .append(" s + measured ")
                .append(measure.toSeconds())
                .append(" s per scenario, engine node threads ")
                .append(nodeThreads)
                .append(".  \n");
        environment.forEach((k, v) -> b.append(k).append(": ").append(v).append("  \n"));
        b.append("\n| scenario | clients | executions/s | p50 ms | p99 ms | executions | errors"
                + " | machine CPU ms per execution | steal % |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Load.Result r : results) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.2f | %.2f | %d | %d | %s | %s |%n",
                    r.scenario(),
                    r.clients(),
                    r.perSecond(),
                    r.p50Ms(),
                    r.p99Ms(),
                    r.executions(),
                    r.errors(),
                    r.cpu() == null ? "" : String.format(Locale.ROOT, "%.2f", r.cpuMsPerExecution()),
                    r.cpu() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.0f", r.cpu().stealShare() * 100)));
        }
        b.append("\n| ratio | ")
                .append(String.join(
                        " | ",
                        Arrays.stream(clientCounts)
                                .mapToObj(c -> c + " client" + (c == 1 ? "" : "s"))
                                .toList()))
                .append(" |\n|---|")
                .append("---:|".repeat(clientCounts.length))
                .append("\n");
        for (String scenario : List.of(ENGINE, HTTP)) {
            if (results.stream().noneMatch(r -> r.scenario().equals(scenario))) {
                continue;
            }
            b.append("| ").append(scenario).append(" ÷ floor |");
            for (int c : clientCounts) {
                b.append(String.format(Locale.ROOT, " %.2f |", ratio(results, scenario, c)));
            }
            b.append("\n");
        }
        int most = Arrays.stream(clientCounts).max().orElse(1);
        b.append("\n");
        double target = ratio(results, ENGINE, most);
        if (!Double.isNaN(target)) {
            b.append(String.format(
                    Locale.ROOT,
                    "Target (engine in process at %d clients ≥ 0.5 × floor): %.2f — %s%n",
                    most,
                    target,
                    target >= 0.5 ? "met" : "NOT met"));
        }
        double full = median(results, ENGINE + " + trace full", most, Load.Result::perSecond);
        double none = median(results, ENGINE + " + trace none", most, Load.Result::perSecond);
        if (!Double.isNaN(full) && !Double.isNaN(none)) {
            double cost = 1 - full / none;
            b.append(String.format(
                    Locale.ROOT,
                    "Trace capture at full, %d clients: %.1f executions/s against %.1f at none (medians of %d"
                            + " rounds each), %.0f %% fewer — target < 10 %%: %s%n",
                    most,
                    full,
                    none,
                    of(results, ENGINE + " + trace full", most, Load.Result::perSecond)
                            .count(),
                    cost * 100,
                    cost < 0.10 ? "met" : "NOT met"));
            double fullCpu = median(results, ENGINE + " + trace full", most, Load.Result::cpuMsPerExecution);
            double noneCpu = median(results, ENGINE + " + trace none", most, Load.Result::cpuMsPerExecution);
            if (!Double.isNaN(fullCpu) && !Double.isNaN(noneCpu)) {
                b.append(String.format(
                        Locale.ROOT,
                        "Machine CPU per execution: %.2f ms at full against %.2f at none, %.0f %% more (the steadier"
                                + " figure where throughput varies between rounds)%n",
                        fullCpu,
                        noneCpu,
                        (fullCpu / noneCpu - 1) * 100));
            }
        }
        double pairedHttp = median(results, HTTP_PAIRED, most, Load.Result::perSecond);
        double pairedFloor = median(results, FLOOR_PAIRED, most, Load.Result::perSecond);
        double http = ratio(results, HTTP, most);
        if (!Double.isNaN(pairedHttp) && !Double.isNaN(pairedFloor)) {
            double paired = pairedHttp / pairedFloor;
            b.append(String.format(
                    Locale.ROOT,
                    "HTTP API at %d clients ≥ 0.5 × floor: %.1f ÷ %.1f executions/s (medians of %d rounds each,"
                            + " measured in turn) = %.2f — %s (the first rounds alone: %.2f)%n",
                    most,
                    pairedHttp,
                    pairedFloor,
                    of(results, HTTP_PAIRED, most, Load.Result::perSecond).count(),
                    paired,
                    paired >= 0.5 ? "met" : "NOT met",
                    http));
            b.append(String.format(
                    Locale.ROOT,
                    "Machine CPU per execution in those rounds: %.2f ms through the API against %.2f ms at the"
                            + " floor (medians)%n",
                    median(results, HTTP_PAIRED, most, Load.Result::cpuMsPerExecution),
                    median(results, FLOOR_PAIRED, most, Load.Result::cpuMsPerExecution)));
        } else if (!Double.isNaN(http)) {
            b.append(String.format(
                    Locale.ROOT,
                    "HTTP API at %d clients ≥ 0.5 × floor: %.2f — %s%n",
                    most,
                    http,
                    http >= 0.5 ? "met" : "NOT met"));
        }
        double httpP50 = p50(results, HTTP, 1);
        double engineP50 = p50(results, ENGINE, 1);
        if (!Double.isNaN(httpP50) && !Double.isNaN(engineP50)) {
            b.append(String.format(
                    Locale.ROOT,
                    "HTTP API p50 at 1 client ≤ 2 × engine in process p50: %.2f ms ÷ %.2f ms = %.1f — %s%n",
                    httpP50,
                    engineP50,
                    httpP50 / engineP50,
                    httpP50 <= 2 * engineP50 ? "met" : "NOT met"));
        }
        HistoryScenario.target(results).ifPresent(line -> b.append(line).append("\n"));
        StreamsScenario.target(results).ifPresent(line -> b.append(line).append("\n"));
        WatchersScenario.target(results).ifPresent(line -> b.append(line).append("\n"));
        b.append("\nNotes (measured runs):\n\n");
        for (Load.Result r : results) {
            if (!r.notes().isEmpty()) {
                b.append("- ")
                        .append(r.scenario())
                        .append(", ")
                        .append(r.clients())
                        .append(" client(s): ")
                        .append(r.notes())
                        .append("\n");
            }
        }
        return b.toString();
    }

    /**
     * Whether round {@code round} of two kinds measured in turn is of the first kind: the order is
     * A, B, B, A, A, B, …, so that a machine warming up or slowing down favours neither.
     */
    private static boolean firstKind(int round) {
        return round % 4 == 0 || round % 4 == 3;
    }

    private static double ratio(List<Load.Result> results, String scenario, int clients) {
        double engine = find(results, scenario, clients);
        double floor = find(results, FLOOR, clients);
        return engine / floor;
    }

    /** Executions/s of the (first) run of the scenario. */
    private static double find(List<Load.Result> results, String scenario, int clients) {
        return of(results, scenario, clients, Load.Result::perSecond)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** Executions/s over every run of the scenario. */
    private static double mean(List<Load.Result> results, String scenario, int clients) {
        return of(results, scenario, clients, Load.Result::perSecond).average().orElse(Double.NaN);
    }

    private static double median(
            List<Load.Result> results, String scenario, int clients, ToDoubleFunction<Load.Result> figure) {
        double[] sorted = of(results, scenario, clients, figure).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double p50(List<Load.Result> results, String scenario, int clients) {
        return of(results, scenario, clients, Load.Result::p50Ms).findFirst().orElse(Double.NaN);
    }

    private static DoubleStream of(
            List<Load.Result> results, String scenario, int clients, ToDoubleFunction<Load.Result> figure) {
        return results.stream()
                .filter(r -> r.scenario().equals(scenario) && r.clients() == clients)
                .mapToDouble(figure);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench."))
                .forEach(k -> opts.put(k.substring("bench.".length()), System.getProperty(k)));
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            String[] kv = arg.substring(2).split("=", 2);
            opts.put(kv[0], kv.length == 2 ? kv[1] : "true");
        }
        if ("false".equals(opts.get("http"))) {
            opts.put("no-http", "true");
        }
        return opts;
    }

    static PGSimpleDataSource dataSource(int port, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser("postgres");
        ds.setPassword("postgres");
        ds.setReWriteBatchedInserts(true);
        return ds;
    }

    private static String scalar(PGSimpleDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void checkpoint(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("checkpoint");
        }
    }

    private static void emptyHistory(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "truncate workflow_instance, node_execution, instance_event, trace_frame, trace_event, run_node_failure");
        }
    }

    private static void createDatabase(PGSimpleDataSource ds, String name) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    private static long insertTeam(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("insert into team (name) values ('bench') returning id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String insertApp(PGSimpleDataSource ds, long teamId) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into app (id, team_id, name, app_type, created_at, updated_at) values (?, ?, ?, 2, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, id);
            ps.setLong(2, teamId);
            ps.setString(3, "bench linear 10");
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            ps.executeUpdate();
        }
        return id;
    }

    /** Every recorded run is closed and complete (12 node executions, 25 events). */
    private static String historyCheck(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select count(*) from workflow_instance),"
                        + " (select count(*) from workflow_instance where state <> 'Completed'),"
                        + " (select count(*) from node_execution), (select count(*) from instance_event),"
                        + " (select count(*) from workflow_instance where replay_of is not null)")) {
            rs.next();
            long runs = rs.getLong(1);
            long open = rs.getLong(2);
            long nodes = rs.getLong(3);
            long events = rs.getLong(4);
            long replays = rs.getLong(5);
            // a replay from the last node: its reused nodes have a node_complete but no node_start
            long reused = BenchDesign.NODES - 2;
            long expectedEvents = runs * BenchDesign.API_EVENTS - replays * reused;
            boolean ok = open == 0 && nodes == runs * BenchDesign.NODES && events == expectedEvents;
            return String.format(
                    "%d runs, %d not Completed, %d node_execution rows, %d instance_event rows — %s",
                    runs, open, nodes, events, ok ? "complete" : "INCOMPLETE");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
