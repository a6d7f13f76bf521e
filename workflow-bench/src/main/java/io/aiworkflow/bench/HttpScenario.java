package io.aiworkflow.bench;

import io.aiworkflow.launcher.LauncherConfig;
import io.aiworkflow.launcher.Platform;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole platform as {@code ./run.sh} starts it (Payara Micro running the built WAR), on the
 * bench's PostgreSQL server (its own database). Each execution is one
 * {@code POST /api/app/workflow/execute} answered with the recorded instance (JSON wait).
 */
final class HttpScenario implements AutoCloseable {

    static final String KEY = "wf_bench_bootstrap_admin_key_0123456789";

    private final Platform platform;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    /** for the measured calls; {@link #send} is for the scenario's setup and checks */
    private final BlockingCalls calls = new BlockingCalls(64);

    private String executeBody;
    /** the first run, which the replay scenario replays */
    private String firstRunId;

    HttpScenario(Path projectDir, Path workDir, String jdbcUrl, String javaOptions) throws Exception {
        this(projectDir, workDir, jdbcUrl, javaOptions, Map.of());
    }

    /** As above, with more server settings ({@code WORKFLOW_*}), which override the bench's own. */
    HttpScenario(Path projectDir, Path workDir, String jdbcUrl, String javaOptions, Map<String, String> moreEnv)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("WORKFLOW_DB_URL", jdbcUrl);
        env.put("WORKFLOW_DB_USER", "postgres");
        env.put("WORKFLOW_DB_PASSWORD", "postgres");
        env.put("WORKFLOW_DATA_DIR", workDir.resolve("data").toString());
        env.put("WORKFLOW_HTTP_PORT", "0");
        env.put("WORKFLOW_BOOTSTRAP_API_KEY", KEY);
        env.put("WORKFLOW_JAVA_OPTS", javaOptions);
        env.putAll(moreEnv);
        LauncherConfig config = LauncherConfig.fromEnvironment(env, projectDir);
        Path log = workDir.resolve("payara.log");
        System.out.println("[bench] starting the platform (Payara log: " + log + ")");
        long t0 = System.nanoTime();
        platform = Platform.start(config, workDir.resolve("runtime"), log, Duration.ofMinutes(6));
        System.out.printf(
                "[bench] platform ready in %.1f s at %s%n", (System.nanoTime() - t0) / 1e9, platform.baseUri());
    }

    /** Creates and publishes the bench app; returns its id. */
    String publish() throws Exception {
        JsonObject created = json(expect(
                201,
                send(
                        "POST",
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "bench linear 10")
                                .add("appType", 2)
                                .build()
                                .toString())));
        String appId = created.getString("appId");
        expect(
                200,
                send(
                        "PUT",
                        "api/app/workflow/definition/" + appId,
                        Json.createObjectBuilder()
                                .add("functionDesignDraft", BenchDesign.json())
                                .build()
                                .toString()));
        expect(200, send("POST", "api/app/workflow/definition/" + appId + "/publish", null));
        executeBody = Json.createObjectBuilder()
                .add("appId", appId)
                .add("parameters", BenchDesign.parameters())
                .build()
                .toString();
        // one run, checked in full
        JsonObject instance = json(expect(200, send("POST", "api/app/workflow/execute", executeBody)));
        if (!"Completed".equals(instance.getString("state"))
                || instance.getJsonArray("nodeExecutions").size() != BenchDesign.NODES) {
            throw new IllegalStateException("unexpected first run: " + instance);
        }
        firstRunId = instance.getString("id");
        return appId;
    }

    URI baseUri() {
        return platform.baseUri();
    }

    String appId() {
        return Json.createReader(new StringReader(executeBody)).readObject().getString("appId");
    }

    Load.Execution execution() {
        URI uri = platform.baseUri().resolve("api/app/workflow/execute");
        return () -> {
            BlockingCalls.Answer r = calls.post(uri, KEY, executeBody);
            if (r.status() != 200 || !r.body().contains("\"state\":\"Completed\"")) {
                throw new IllegalStateException("execute answered " + r.status() + ": " + r.body());
            }
        };
    }

    /**
     * A replay of the first run from its last DataProcess node: the eleven nodes before it are
     * restored from history (nothing recomputed), that node and End run.
     */
    Load.Execution replayFromLastNode() {
        String body = Json.createObjectBuilder()
                .add("fromNodeKey", BenchDesign.LAST_NODE)
                .build()
                .toString();
        URI uri = platform.baseUri().resolve("api/app/workflow/instance/" + firstRunId + "/replay");
        return () -> {
            BlockingCalls.Answer r = calls.post(uri, KEY, body);
            if (r.status() != 200 || !r.body().contains("\"state\":\"Completed\"")) {
                throw new IllegalStateException("replay answered " + r.status() + ": " + r.body());
            }
        };
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = platform.baseUri().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + KEY)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(
                    r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Override
    public void close() throws Exception {
        calls.close();
        platform.close();
    }
}
