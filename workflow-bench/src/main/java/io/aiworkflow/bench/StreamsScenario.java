package io.aiworkflow.bench;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.variable;

/**
 * {@code --scenarios=streams}: {@code --streams=N} (default 2,000) SSE executions at once on one
 * server, each waiting on an emulated slow LLM ({@link EmulatedModel}: 20 chunks over 10 s). The app
 * (Start → AiChat, streamed → End) and its model are created through the API. The clients are the
 * JDK HTTP client's asynchronous requests on {@value #CLIENT_THREADS} threads, opened at
 * {@code --streams-ramp=400} a second. One stream is checked alone first. Reports whether every run
 * completed with all its events in order, the delay from a chunk leaving the model to reaching its
 * client, and the server's threads, memory and heap ({@link ServerSampler}).
 *
 * <p>The server runs with its default node threads: a streamed AiChat answer holds no thread while
 * the model writes, so the runs wait on the model together rather than queue for threads.
 */
final class StreamsScenario implements AutoCloseable {

    static final String PREFIX = "SSE streams: ";
    static final int CLIENT_THREADS = 4;

    private final int streams;
    private final double perSecond;
    private final EmulatedModel model;

    /** What one round of streams gave. */
    private record Round(List<StreamCheck> checks, double seconds, int peakOpen, int peakModelCalls) {}

    /** Starts the emulated model, so its port can be allowed before the server starts. */
    StreamsScenario(int streams, double perSecond) throws IOException {
        if (streams < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("--streams must be at least 1 and --streams-ramp above 0");
        }
        this.streams = streams;
        this.perSecond = perSecond;
        this.model = new EmulatedModel();
    }

    /** The server's settings for this scenario: the model's port allowed. */
    Map<String, String> serverEnvironment() {
        return Map.of("WORKFLOW_PLUGIN_ALLOWED_HOSTS", model.allowedHost());
    }

    Load.Result run(HttpScenario http) throws Exception {
        String body = Json.createObjectBuilder()
                .add("appId", publish(http))
                .add("parameters", Json.createObjectBuilder())
                .build()
                .toString();
        HttpRequest request = HttpRequest.newBuilder(http.baseUri().resolve("api/app/workflow/execute"))
                // only to the response's start: a stream lasts about 10 s, longer when the server is slow
                .timeout(Duration.ofMinutes(5))
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + HttpScenario.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS, EmulatedModel.daemonThreads("sse-client"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(pool)
                .build();
        try {
            StreamCheck first = round(client, request, 1, pool).checks().get(0);
            if (first.outcome() != StreamCheck.Outcome.OK) {
                throw new IllegalStateException("the first stream, alone, did not pass: " + first.problem());
            }
            System.out.printf(
                    Locale.ROOT, "[bench] streams: one stream passed; now %,d at %.0f/s%n", streams, perSecond);
            try (ServerSampler sampler = ServerSampler.start()) {
                Round round = round(client, request, streams, pool);
                String heapAfter = sampler.heapInfo();
                return result(round, sampler.summary() + "; heap after the runs (jcmd) " + heapAfter);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The model, and a published app that streams one answer of it. */
    private String publish(HttpScenario http) throws Exception {
        long modelId = HttpScenario.json(HttpScenario.expect(
                        201,
                        http.send(
                                "POST",
                                "api/app/model",
                                Json.createObjectBuilder()
                                        .add("name", "bench emulated slow model")
                                        .add("provider", "openai")
                                        .add("baseUrl", model.baseUrl())
                                        .add("modelName", "emulated")
                                        .build()
                                        .toString())))
                .getJsonNumber("modelId")
                .longValue();
        String appId = HttpScenario.json(HttpScenario.expect(
                        201,
                        http.send(
                                "POST",
                                "api/app/team/create",
                                Json.createObjectBuilder()
                                        .add("name", "bench SSE streams")
                                        .add("appType", 2)
                                        .build()
                                        .toString())))
                .getString("appId");
        String design = WorkflowDesign.design()
                .start()
                .node(
                        "chat",
                        "AiChat",
                        fixed("modelId", modelId),
                        fixed("prompt", "stream twenty chunks"),
                        fixed("stream", true))
                .end(variable("answer", "chat.answer"))
                .chain("start", "chat", "end")
                .build()
                .toString();
        String definition = "api/app/workflow/definition/" + appId;
        HttpScenario.expect(200, http.send("PUT", definition, "{\"functionDesignDraft\":" + design + "}"));
        HttpScenario.expect(200, http.send("POST", definition + "/publish", null));
        return appId;
    }

    /** Opens {@code count} streams at the ramp's pace and waits for all of them to end. */
    private Round round(HttpClient client, HttpRequest request, int count, ExecutorService pool) throws Exception {
        model.resetCounts();
        List<StreamCheck> checks = new ArrayList<>(count);
        CompletableFuture<?>[] ends = new CompletableFuture<?>[count];
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        long[] lastEnd = {0};
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = t0 + (long) (i * 1e9 / perSecond);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            StreamCheck check = new StreamCheck();
            checks.add(check);
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            ends[i] = client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(check))
                    // on the client's threads: the JDK would otherwise hand it to the common pool
                    .handleAsync(
                            (response, failure) -> {
                                try {
                                    check.finish(response == null ? -1 : response.statusCode(), failure);
                                } finally {
                                    open.decrementAndGet();
                                    synchronized (lastEnd) {
                                        lastEnd[0] = Math.max(lastEnd[0], System.nanoTime());
                                    }
                                }
                                return null;
                            },
                            pool);
        }
        // a stream lasts 10 s; far longer means the server is stuck, and the rest count as failed
        long limit = TimeUnit.MINUTES.toNanos(5) + t0 - System.nanoTime();
        try {
            CompletableFuture.allOf(ends).get(Math.max(limit, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            System.err.println("[bench] streams: " + open.get() + " stream(s) still open after 5 minutes");
        }
        long end;
        synchronized (lastEnd) {
            end = open.get() > 0 || lastEnd[0] == 0 ? System.nanoTime() : lastEnd[0];
        }
        return new Round(checks, (end - t0) / 1e9, peakOpen.get(), model.peakInFlight());
    }

    private Load.Result result(Round round, String server) {
        Map<StreamCheck.Outcome, Integer> counts = new EnumMap<>(StreamCheck.Outcome.class);
        Map<StreamCheck.Outcome, String> firstProblem = new EnumMap<>(StreamCheck.Outcome.class);
        List<long[]> perStream = new ArrayList<>();
        for (StreamCheck check : round.checks()) {
            StreamCheck.Outcome outcome = check.outcome();
            counts.merge(outcome, 1, Integer::sum);
            if (!check.problem().isEmpty()) {
                firstProblem.putIfAbsent(outcome, check.problem());
            }
            perStream.add(check.delaysNanos());
        }
        long[] delays =
                perStream.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int ok = counts.getOrDefault(StreamCheck.Outcome.OK, 0);
        String notes = String.format(
                Locale.ROOT,
                "%d completed in order, %d failed or not ended, %d with missing or out-of-order chunks, %d with"
                        + " event ids not rising%s; %d chunks timed, delay max %.1f ms; at once: %d streams open,"
                        + " %d model answers streaming (%d model calls, %d broken off); %s",
                ok,
                counts.getOrDefault(StreamCheck.Outcome.FAILED, 0)
                        + counts.getOrDefault(StreamCheck.Outcome.RUNNING, 0),
                counts.getOrDefault(StreamCheck.Outcome.CHUNKS_WRONG, 0),
                counts.getOrDefault(StreamCheck.Outcome.IDS_WRONG, 0),
                firstProblem.isEmpty() ? "" : " (first problems: " + firstProblem + ")",
                delays.length,
                delays.length == 0 ? Double.NaN : delays[delays.length - 1] / 1e6,
                round.peakOpen(),
                round.peakModelCalls(),
                model.calls(),
                model.broken(),
                server);
        double mean = Arrays.stream(delays).average().orElse(Double.NaN) / 1e6;
        return new Load.Result(
                String.format(
                        Locale.ROOT,
                        "%s%,d concurrent executions, emulated LLM %d chunks / %d s",
                        PREFIX,
                        streams,
                        EmulatedModel.CHUNKS,
                        EmulatedModel.CHUNKS * EmulatedModel.INTERVAL_MS / 1000),
                streams,
                ok,
                round.seconds(),
                ok / round.seconds(),
                Load.percentile(delays, delays.length, 50),
                Load.percentile(delays, delays.length, 99),
                mean,
                streams - ok,
                notes,
                null);
    }

    /** The table's line: did every stream complete in order, and the p99 chunk delay. */
    static Optional<String> target(List<Load.Result> results) {
        return results.stream()
                .filter(r -> r.scenario().startsWith(PREFIX))
                .findFirst()
                .map(r -> String.format(
                        Locale.ROOT,
                        "SSE streams: all %,d complete in order: %s; p99 chunk delay %.1f ms",
                        r.clients(),
                        r.errors() == 0 && r.executions() == r.clients() ? "yes" : "NO (" + r.errors() + " not)",
                        r.p99Ms()));
    }

    @Override
    public void close() {
        model.close();
    }
}
