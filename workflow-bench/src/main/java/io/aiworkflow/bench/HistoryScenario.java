package io.aiworkflow.bench;

import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The runs history at scale ({@code --scenarios=history}, {@code --history-runs=N}): a million runs
 * filled by SQL (see {@link HistoryFill}), then the history reads through the API, one client,
 * each kind {@value #REQUESTS} times after {@value #WARMUP} warm-up requests (target: p99 under
 * {@value #TARGET_P99_MS} ms); then a retention pass on the bench app while one client keeps
 * executing workflows, and what the pass does to that client's latency.
 */
final class HistoryScenario {

    static final String PREFIX = "history: ";
    static final double TARGET_P99_MS = 50;
    static final int WARMUP = 20;
    static final int REQUESTS = 200;
    static final int KEEP_DAYS = 60;

    private static final String INTERACTIVE = PREFIX + "interactive executions";
    private static final String LIST = "api/app/workflow/instance";
    private static final Set<String> PASS_ENDED = Set.of("COMPLETED", "FAILED", "STOPPED");
    private static final Duration PASS_LIMIT = Duration.ofMinutes(30);

    /** A list filter: its name in the results, and its query for the i-th request. */
    private record Filter(String name, IntFunction<String> query) {}

    private final HttpScenario http;
    private final HistoryFill sql;
    private HistoryFill.Filled filled;

    HistoryScenario(HttpScenario http, DataSource db) {
        this.http = http;
        this.sql = new HistoryFill(db);
    }

    /** Fills the history; a line for the results' environment. */
    String fill(int runs) throws Exception {
        filled = sql.fill(http.appId(), runs);
        return filled.summary();
    }

    /** Times each kind of history read, handing each result over as it completes. */
    void reads(Consumer<Load.Result> out) throws Exception {
        long team = filled.teamId();
        List<String> sample = sql.strings(
                "select id from workflow_instance where team_id = ? and server_id = 'bench-server'"
                        + " order by random() limit 1000",
                team);
        // the status report reads the design of the run's version: only the bench app's version 1 is published
        List<String> withDesign = sql.strings(
                "select id from workflow_instance where app_id = ? and version = 1 and server_id = 'bench-server'"
                        + " order by random() limit 1000",
                http.appId());
        List<String> replayed = sql.strings(
                "select replay_of from workflow_instance where team_id = ? and replay_of is not null limit 50", team);
        List<String> schedules = sql.strings("select md5('schedule' || k)::uuid::text from generate_series(0, 4) k");
        List<String> apps = filled.appIds();
        Instant to = filled.now().minus(30, ChronoUnit.DAYS);
        String window = "from=" + encode(to.minus(7, ChronoUnit.DAYS).toString()) + "&to=" + encode(to.toString());

        out.accept(time("list, no filter, page 1", i -> LIST + "?page=1"));
        out.accept(time("list, no filter, page 500", i -> LIST + "?page=500"));
        List<String> cursors = cursorsOfPages(480, 500);
        out.accept(time("list, no filter, pages 480-500 by cursor", i -> LIST + "?after=" + encode(pick(cursors, i))));
        List<Filter> filters = List.of(
                new Filter("appId", i -> "appId=" + pick(apps, i)),
                new Filter("state=Failed", i -> "state=Failed"),
                new Filter("version=5", i -> "version=5"),
                new Filter("7 days from 37 days ago", i -> window),
                new Filter("errorCode=TIMEOUT", i -> "errorCode=TIMEOUT"),
                new Filter("nodeKey=step8", i -> "nodeKey=step8"),
                new Filter("nodeKey=step3 (failed nowhere)", i -> "nodeKey=step3"),
                new Filter("replayOf", i -> "replayOf=" + pick(replayed, i)),
                new Filter("scheduleId", i -> "scheduleId=" + pick(schedules, i)),
                new Filter("q=customer-4242", i -> "q=customer-4242"));
        for (Filter f : filters) {
            for (int page : new int[] {1, 500}) {
                out.accept(time(
                        "list, " + f.name() + ", page " + page,
                        i -> LIST + "?" + f.query().apply(i) + "&page=" + page));
            }
        }
        out.accept(time("list, sort=-duration, page 1", i -> LIST + "?sort=-duration"));
        out.accept(time("list, sort=tokens, page 1", i -> LIST + "?sort=tokens"));
        out.accept(time("instance detail", i -> LIST + "/" + pick(sample, i)));
        out.accept(time("instance trace", i -> LIST + "/" + pick(filled.tracedIds(), i) + "/trace"));
        out.accept(time("instance status", i -> LIST + "/" + pick(withDesign, i) + "/status"));
    }

    /**
     * Gives the bench app a policy of {@value #KEEP_DAYS} days and runs a retention pass while one
     * client executes workflows back to back: that client's latency without and during the pass.
     */
    void retention(Duration warmup, Duration measure, Consumer<Load.Result> out) throws Exception {
        out.accept(Load.drive(INTERACTIVE + ", no retention pass", 1, i -> http.execution(), warmup, measure));
        String name = INTERACTIVE + " during the retention pass";
        try {
            out.accept(duringPass(name));
        } catch (Exception e) {
            // the rows measured so far still count: the pass's failure becomes a row of its own
            e.printStackTrace();
            out.accept(new Load.Result(
                    name,
                    1,
                    0,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    1,
                    "failed: " + e.getMessage(),
                    null));
        }
    }

    private Load.Result duringPass(String name) throws Exception {
        String appId = http.appId();
        HttpScenario.expect(
                200, http.send("PUT", "api/app/" + appId + "/retention", "{\"keepDays\":" + KEEP_DAYS + "}"));
        JsonObject started =
                HttpScenario.json(HttpScenario.expect(202, http.send("POST", "api/admin/retention/run", null)));
        // the pass's id: "passId", or "id" when the answer is the pass itself
        String passPath =
                "api/admin/retention/passes/" + started.getJsonNumber("id").longValue();
        Load.Execution interactive = http.execution();
        long[] latencies = new long[1 << 16];
        int n = 0;
        long errors = 0;
        long t0 = System.nanoTime();
        long nextPoll = t0;
        JsonObject pass;
        while (true) {
            // the poll is not timed: only the executions are
            if (System.nanoTime() >= nextPoll) {
                pass = HttpScenario.json(HttpScenario.expect(200, http.send("GET", passPath, null)));
                if (PASS_ENDED.contains(pass.getString("state"))) {
                    break;
                }
                if (System.nanoTime() - t0 > PASS_LIMIT.toNanos()) {
                    throw new IllegalStateException("the retention pass is still under way: " + pass);
                }
                nextPoll = System.nanoTime() + 500_000_000L;
            }
            long start = System.nanoTime();
            try {
                interactive.run();
            } catch (Exception e) {
                errors++;
                continue;
            }
            if (n < latencies.length) {
                latencies[n++] = System.nanoTime() - start;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double passSeconds = passSeconds(pass, seconds);
        long deleted = pass.getJsonNumber("runsDeleted").longValue();
        return Load.result(name, 1, latencies, n, seconds, errors)
                .withNotes(String.format(
                        Locale.ROOT,
                        "retention pass %s in %.1f s, %,d runs deleted (%.0f runs/s); %s",
                        pass.getString("state"),
                        passSeconds,
                        deleted,
                        deleted / passSeconds,
                        remaining()));
    }

    /** The pass's own duration when it reports both ends, else the time the client saw it run. */
    private static double passSeconds(JsonObject pass, double observed) {
        String start = text(pass, "startedAt");
        String end = text(pass, "endedAt");
        if (start == null || end == null) {
            return observed;
        }
        return Duration.between(OffsetDateTime.parse(start), OffsetDateTime.parse(end))
                        .toMillis()
                / 1000.0;
    }

    private static String text(JsonObject o, String key) {
        return o.containsKey(key) && !o.isNull(key) ? o.getString(key) : null;
    }

    /** How many runs of the bench app older than the policy's days are left after the pass. */
    private String remaining() throws Exception {
        String left = sql.strings(
                        "select count(*) from workflow_instance where app_id = ?"
                                + " and start_time < now() - make_interval(days => ?)",
                        http.appId(),
                        KEEP_DAYS)
                .get(0);
        System.out.println("[bench] history: " + left + " runs of the bench app older than " + KEEP_DAYS
                + " days are left after the pass");
        return left + " runs older than " + KEEP_DAYS + " days left";
    }

    /** {@value #REQUESTS} GETs of {@code path.apply(i)} from one client after {@value #WARMUP} warm-up ones. */
    private Load.Result time(String name, IntFunction<String> path) {
        long[] latencies = new long[REQUESTS];
        int n = 0;
        long errors = 0;
        String firstError = null;
        long start = System.nanoTime();
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            if (i == WARMUP) {
                start = System.nanoTime();
            }
            String p = path.apply(i);
            long t0 = System.nanoTime();
            String failure;
            try {
                HttpResponse<String> r = http.send("GET", p, null);
                failure = r.statusCode() == 200 ? null : r.statusCode() + " " + r.body();
            } catch (Exception e) {
                failure = e.toString();
            }
            long t1 = System.nanoTime();
            if (failure != null) {
                firstError = firstError == null ? "GET " + p + ": " + failure : firstError;
                errors += i >= WARMUP ? 1 : 0;
            } else if (i >= WARMUP) {
                latencies[n++] = t1 - t0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstError != null) {
            System.err.println("[bench] " + PREFIX + name + ": first failure: " + firstError);
        }
        Load.Result r = Load.result(PREFIX + name, 1, latencies, n, seconds, errors);
        return r.withNotes(String.format(
                Locale.ROOT,
                "max %.2f ms; p99 < %.0f ms: %s",
                n == 0 ? Double.NaN : latencies[n - 1] / 1e6, // sorted by Load.result
                TARGET_P99_MS,
                met(r) ? "met" : "NOT met"));
    }

    /** The cursors that lead to pages {@code first} to {@code last} of the unfiltered list. */
    private List<String> cursorsOfPages(int first, int last) throws Exception {
        List<String> cursors = new ArrayList<>();
        String after = null;
        for (int page = 1; page < last; page++) {
            JsonObject p = HttpScenario.json(HttpScenario.expect(
                    200, http.send("GET", LIST + (after == null ? "" : "?after=" + encode(after)), null)));
            if (!p.containsKey("nextCursor") || p.isNull("nextCursor")) {
                throw new IllegalStateException("the unfiltered list ends at page " + page);
            }
            after = p.getString("nextCursor");
            if (page + 1 >= first) {
                cursors.add(after);
            }
        }
        return cursors;
    }

    /** The target line of the results table, when history reads ran. */
    static Optional<String> target(List<Load.Result> results) {
        List<Load.Result> reads =
                results.stream().filter(HistoryScenario::isRead).toList();
        return reads.stream()
                .max(Comparator.comparingDouble(Load.Result::p99Ms))
                .map(slowest -> String.format(
                        Locale.ROOT,
                        "History reads p99 < %.0f ms: %d of %d kinds met (slowest: %s %.2f ms)",
                        TARGET_P99_MS,
                        reads.stream().filter(HistoryScenario::met).count(),
                        reads.size(),
                        slowest.scenario().substring(PREFIX.length()),
                        slowest.p99Ms()));
    }

    private static boolean isRead(Load.Result r) {
        return r.scenario().startsWith(PREFIX) && !r.scenario().startsWith(INTERACTIVE);
    }

    private static boolean met(Load.Result r) {
        return r.errors() == 0 && r.p99Ms() < TARGET_P99_MS;
    }

    /** The i-th value, round the list; an id that matches nothing when there is none (a small fill). */
    private static String pick(List<String> values, int i) {
        return values.isEmpty() ? "00000000-0000-0000-0000-000000000000" : values.get(i % values.size());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
