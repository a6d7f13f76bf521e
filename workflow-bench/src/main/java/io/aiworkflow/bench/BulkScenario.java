package io.aiworkflow.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bulk re-run of {@value #RUNS} recorded runs through the API (dry run, then start), timed from
 * the start to the operation's end, while one client keeps executing the same workflow
 * interactively: the operation's throughput, and what it does to an interactive caller's latency.
 */
final class BulkScenario {

    static final int RUNS = 1_000;
    static final String BULK = "HTTP bulk rerun of 1,000 runs";
    static final String DURING = "HTTP API during the bulk rerun";

    private BulkScenario() {}

    static List<Load.Result> run(HttpScenario http, int maxInFlight, double startsPerSecond) throws Exception {
        List<String> ids = recordedRuns(http, http.appId());
        JsonArrayBuilder selected = Json.createArrayBuilder();
        ids.forEach(selected::add);
        JsonObject request = Json.createObjectBuilder()
                .add("action", "rerun")
                .add("selection", Json.createObjectBuilder().add("instanceIds", selected))
                .add("maxInFlight", maxInFlight)
                .add("startsPerSecond", startsPerSecond)
                .add("reason", "benchmark")
                .build();
        JsonObject dry = HttpScenario.json(
                HttpScenario.expect(200, http.send("POST", "api/bulk-operations", request.toString())));
        JsonObject real = Json.createObjectBuilder(request)
                .add("dryRun", false)
                .add("selectionToken", dry.getString("selectionToken"))
                .add("expectedCount", dry.getJsonNumber("count").longValue())
                .build();

        AtomicBoolean bulkRunning = new AtomicBoolean(true);
        long[] latencies = new long[1 << 16];
        int[] n = {0};
        Load.Execution interactive = http.execution();
        Thread client = new Thread(
                () -> {
                    while (bulkRunning.get()) {
                        long t0 = System.nanoTime();
                        try {
                            interactive.run();
                        } catch (Exception e) {
                            continue;
                        }
                        if (bulkRunning.get() && n[0] < latencies.length) {
                            latencies[n[0]++] = System.nanoTime() - t0;
                        }
                    }
                },
                "bench-interactive");
        long t0 = System.nanoTime();
        JsonObject op =
                HttpScenario.json(HttpScenario.expect(201, http.send("POST", "api/bulk-operations", real.toString())));
        client.start();
        String id = op.getString("id");
        JsonObject now = op;
        while (!List.of("COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "CANCELED")
                .contains(now.getString("state"))) {
            Thread.sleep(100);
            now = HttpScenario.json(HttpScenario.expect(200, http.send("GET", "api/bulk-operations/" + id, null)));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        bulkRunning.set(false);
        client.join(120_000);
        JsonObject counts = now.getJsonObject("counts");
        long succeeded = counts.getJsonNumber("succeeded").longValue();
        long failed = counts.getJsonNumber("failed").longValue()
                + counts.getJsonNumber("canceled").longValue();
        long[] sorted = Arrays.copyOf(latencies, n[0]);
        Arrays.sort(sorted);
        Load.Result bulk = new Load.Result(
                BULK,
                maxInFlight,
                succeeded,
                seconds,
                succeeded / seconds,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                failed,
                String.format(
                        java.util.Locale.ROOT,
                        "bulk: %d items in %.1f s, maxInFlight %d, startsPerSecond %.0f, state %s",
                        counts.getJsonNumber("total").longValue(),
                        seconds,
                        maxInFlight,
                        startsPerSecond,
                        now.getString("state")),
                null);
        Load.Result during = new Load.Result(
                DURING,
                1,
                n[0],
                seconds,
                n[0] / seconds,
                Load.percentile(sorted, n[0], 50),
                Load.percentile(sorted, n[0], 99),
                Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6,
                0,
                "",
                null);
        return List.of(bulk, during);
    }

    /** {@value #RUNS} completed runs of the app, newest first, through the runs list. */
    private static List<String> recordedRuns(HttpScenario http, String appId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ids.size() < RUNS; page++) {
            JsonObject list = HttpScenario.json(HttpScenario.expect(
                    200,
                    http.send(
                            "GET",
                            "api/app/workflow/instance?appId=" + appId + "&state=Completed&pageSize=200&page=" + page,
                            null)));
            if (list.getJsonArray("items").isEmpty()) {
                throw new IllegalStateException("only " + ids.size() + " completed runs to rerun");
            }
            for (JsonValue item : list.getJsonArray("items")) {
                if (ids.size() < RUNS) {
                    ids.add(item.asJsonObject().getString("id"));
                }
            }
        }
        return ids;
    }
}
