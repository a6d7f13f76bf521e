package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile script, peer or client can do to the server, on the real WAR: nothing it sends
 * stops history for other runs, takes the server down or gets a bare error page.
 */
class HardeningIT {

    private static final Api api = Api.admin();
    private static FakeUpstream upstream;
    private static String greeting;

    @BeforeAll
    static void setUp() throws Exception {
        upstream = new FakeUpstream();
        greeting = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node("end", "End", variable("answer", "greet.text"))
                .connect("start", "greet")
                .connect("greet", "end")
                .then(built -> Workflows.publish(api, "hardening greeting", built));
    }

    @AfterAll
    static void tearDown() {
        upstream.close();
    }

    private static JsonObject run(String appId, JsonObject parameters) {
        Api.Reply reply = api.post(
                "api/app/workflow/execute",
                Json.createObjectBuilder()
                        .add("appId", appId)
                        .add("parameters", parameters)
                        .build());
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** A GET plugin without secret on the emulated upstream; its id. */
    private static long plugin(String name, String path) {
        return api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", name)
                                .add("method", "GET")
                                .add("url", upstream.baseUrl() + path)
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
    }

    /** Runs on both history lanes complete and are recorded: no lane is stuck. */
    private static void historyStillWrites() {
        for (int i = 0; i < 8; i++) {
            JsonObject after = run(
                    greeting, Json.createObjectBuilder().add("name", "n" + i).build());
            assertEquals("Completed", after.getString("state"), "run " + i + " after the bad one: " + after);
        }
    }

    @Test
    void aScriptErrorWithNulBytesIsRecordedAndHistoryGoesOn() {
        String app = WorkflowDesign.design()
                .node("start", "Start")
                .node(
                        "js",
                        "JavaScript",
                        fixed("code", "function main(input) { throw new Error('bad\\0byte' + '\\0'.repeat(5)); }"))
                .node("end", "End", variable("r", "js.result"))
                .connect("start", "js")
                .connect("js", "end")
                .then(built -> Workflows.publish(api, "nul script", built));
        JsonObject failed = run(app, Json.createObjectBuilder().build());
        assertEquals("Failed", failed.getString("state"), "recorded at once, not left Running: " + failed);
        String message = failed.getJsonObject("error").getString("message");
        assertTrue(message.contains("badbyte"), message);
        assertFalse(message.contains("\0"), message);
        historyStillWrites();
    }

    @Test
    void aPluginAnswering500WithABinaryBodyIsRecordedAndHistoryGoesOn() {
        long plugin = plugin("binary", "/binary500");
        String app = WorkflowDesign.design()
                .node("start", "Start")
                .node("call", "Plugin", fixed("pluginId", Json.createValue(plugin)))
                .node("end", "End", variable("r", "call.result"))
                .connect("start", "call")
                .connect("call", "end")
                .then(built -> Workflows.publish(api, "binary plugin", built));
        JsonObject failed = run(app, Json.createObjectBuilder().build());
        assertEquals("Failed", failed.getString("state"), failed.toString());
        assertEquals("PLUGIN_HTTP_ERROR", failed.getJsonObject("error").getString("code"));
        historyStillWrites();
    }

    /** A watcher that never reads: the JDK client reads from its socket only on demand, and this one asks for none. */
    private static final class NeverReads extends DebugChannelIT.Listener {
        @Override
        public void onOpen(WebSocket ws) {}
    }

    @Test
    void aWatcherThatStopsReadingNeitherFreezesRunsNorStaysOpen() throws Exception {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("big", "String", true))
                .node("copy", "DataProcess", template("text", "{{input.big}}"))
                .node("end", "End", variable("answer", "copy.text"))
                .connect("start", "copy")
                .connect("copy", "end")
                .then(built -> Workflows.publish(api, "watched while big", built));
        NeverReads stuck = new NeverReads();
        WebSocket socket = DebugChannelIT.connect("appId=" + app + "&access_token=" + api.key(), stuck);
        String big = "x".repeat(400_000);
        // each run sends the watcher well over a megabyte: the socket's buffers fill after a few runs
        for (int i = 0; i < 30; i++) {
            Api.Reply reply = api.post(
                    "api/app/workflow/execute?timeoutMs=20000",
                    Json.createObjectBuilder()
                            .add("appId", app)
                            .add("parameters", Json.createObjectBuilder().add("big", big))
                            .build());
            assertEquals(200, reply.status(), "run " + i + " ended in time although its watcher does not read");
            assertEquals("Completed", reply.json().getString("state"));
        }
        socket.request(Long.MAX_VALUE); // reads now: what was buffered, then the server's close
        assertEquals(
                1008,
                stuck.closed.get(60, TimeUnit.SECONDS),
                "a watcher that fell behind is closed as a policy violation");
    }

    @Test
    void deeplyNestedJsonIsABadRequestWithTheErrorJson() {
        for (String path : new String[] {"api/app/team/create", "api/app/workflow/execute"}) {
            Api.Reply reply = api.post(path, "[".repeat(20_000));
            assertEquals(400, reply.status(), path + ": " + reply.body());
            assertEquals("INVALID_JSON", reply.code());
        }
        Api.Reply nestedParameters = api.post(
                "api/app/workflow/execute",
                "{\"appId\":\"" + greeting + "\",\"parameters\":{\"name\":" + "[".repeat(5_000) + "]".repeat(5_000)
                        + "}}");
        assertEquals(400, nestedParameters.status(), nestedParameters.body());
    }

    @Test
    void aStoredSecretDoesNotFollowAChangedDestination() {
        String local = upstream.baseUrl(); // http://127.0.0.1:port
        String elsewhere =
                local.replace("127.0.0.1", "localhost"); // another origin, as an editor's own server would be
        JsonObject plugin = Json.createObjectBuilder()
                .add("name", "keyed")
                .add("method", "GET")
                .add("url", local + "/weather")
                .add("headers", Json.createObjectBuilder().add("X-Api-Key", "{{secret}}"))
                .add("secret", "s3cr3t-value")
                .build();
        long pluginId = api.post("api/app/plugin", plugin)
                .json()
                .getJsonNumber("pluginId")
                .longValue();

        JsonObject moved = Json.createObjectBuilder(plugin)
                .remove("secret")
                .add("url", elsewhere + "/weather")
                .build();
        Api.Reply refused = api.put("api/app/plugin/" + pluginId, moved);
        assertEquals(400, refused.status(), refused.body());
        assertEquals("VALIDATION_ERROR", refused.code());
        assertTrue(refused.body().contains("given again"), refused.body());
        JsonObject rerouted = Json.createObjectBuilder(plugin)
                .remove("secret")
                .add("headers", Json.createObjectBuilder().add("X-Other", "{{secret}}"))
                .build();
        assertEquals(400, api.put("api/app/plugin/" + pluginId, rerouted).status(), "headers decide where it goes too");
        assertEquals(
                200,
                api.put(
                                "api/app/plugin/" + pluginId,
                                Json.createObjectBuilder(plugin)
                                        .remove("secret")
                                        .add("description", "same destination, secret kept")
                                        .build())
                        .status());
        assertEquals(
                200,
                api.put(
                                "api/app/plugin/" + pluginId,
                                Json.createObjectBuilder(moved)
                                        .add("secret", "another-secret")
                                        .build())
                        .status());

        JsonObject model = Json.createObjectBuilder()
                .add("name", "keyed model")
                .add("provider", "openai")
                .add("baseUrl", local + "/v1")
                .add("modelName", "m")
                .add("apiKey", "sk-team-key")
                .build();
        long modelId =
                api.post("api/app/model", model).json().getJsonNumber("modelId").longValue();
        Api.Reply modelMoved = api.put(
                "api/app/model/" + modelId,
                Json.createObjectBuilder(model)
                        .remove("apiKey")
                        .add("baseUrl", elsewhere + "/v1")
                        .build());
        assertEquals(400, modelMoved.status(), modelMoved.body());
        assertTrue(
                api.get("api/app/model/" + modelId).json().getString("baseUrl").startsWith(local),
                "the refused change left the model as it was");
    }

    @Test
    void secretsAreTrimmedAndControlCharactersRefused() {
        Api.Reply withNewline = api.post(
                "api/app/plugin",
                Json.createObjectBuilder()
                        .add("name", "newline")
                        .add("url", upstream.baseUrl() + "/weather")
                        .add("secret", "abc\ndef")
                        .build());
        assertEquals(400, withNewline.status(), withNewline.body());
        assertFalse(withNewline.body().contains("abc"), "the secret is not echoed");
        // a trailing newline (pasted from a file) is trimmed, and the plugin works with the secret
        long pluginId = api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", "trimmed")
                                .add("method", "GET")
                                .add("url", upstream.baseUrl() + "/weather?city=x")
                                .add("headers", Json.createObjectBuilder().add("X-Api-Key", "{{secret}}"))
                                .add("secret", "s3cr3t-value\n")
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
        String app = WorkflowDesign.design()
                .node("start", "Start")
                .node("call", "Plugin", fixed("pluginId", Json.createValue(pluginId)))
                .node("end", "End", variable("r", "call.result"))
                .connect("start", "call")
                .connect("call", "end")
                .then(built -> Workflows.publish(api, "trimmed secret", built));
        JsonObject done = run(app, Json.createObjectBuilder().build());
        assertTrue(done.getJsonObject("result").getJsonObject("r").getBoolean("authorized"), done.toString());
    }

    @Test
    void aModelOnAnInternalAddressIsRefusedAtSave() {
        Api.Reply refused = api.post(
                "api/app/model",
                Json.createObjectBuilder()
                        .add("name", "metadata")
                        .add("provider", "openai")
                        .add("baseUrl", "http://169.254.169.254/v1")
                        .add("modelName", "m")
                        .build());
        assertEquals(400, refused.status(), refused.body());
        assertEquals("VALIDATION_ERROR", refused.code());
    }

    @Test
    void signInsAreThrottledAndUnknownNamesReadTheSame() throws Exception {
        String user = "throttled-" + System.nanoTime();
        assertEquals(
                201,
                api.post(
                                "api/admin/users",
                                Json.createObjectBuilder()
                                        .add("username", user)
                                        .add("password", "correct-horse-battery")
                                        .add("role", "viewer")
                                        .build())
                        .status());
        ConsoleSession browser = new ConsoleSession();
        for (int i = 0; i < 5; i++) {
            var wrong = browser.signIn(user, "wrong-password-" + i);
            assertFalse(ConsoleSession.signedIn(wrong));
            assertTrue(wrong.body().contains("Wrong username or password"), "attempt " + i);
        }
        var sixth = browser.signIn(user, "wrong-password-5");
        assertTrue(sixth.body().contains("Wrong username or password"), "the sixth failure still counts");
        var locked = browser.signIn(user, "correct-horse-battery");
        assertFalse(ConsoleSession.signedIn(locked), "even the right password waits out the lock");
        assertTrue(locked.body().contains("too many failed sign-ins"), locked.body());

        var unknown = new ConsoleSession().signIn("nobody-" + System.nanoTime(), "whatever-password");
        assertTrue(unknown.body().contains("Wrong username or password"));
    }

    @Test
    void disabledUsersCannotSignInAndPasswordsCanBeChanged() throws Exception {
        String user = "managed-" + System.nanoTime();
        long id = api.post(
                        "api/admin/users",
                        Json.createObjectBuilder()
                                .add("username", user)
                                .add("password", "first-password-1")
                                .add("role", "editor")
                                .build())
                .json()
                .getJsonNumber("userId")
                .longValue();
        assertEquals(
                400,
                api.post(
                                "api/admin/users",
                                Json.createObjectBuilder()
                                        .add("username", user + "-short")
                                        .add("password", "short")
                                        .build())
                        .status(),
                "passwords have at least 12 characters");

        ConsoleSession before = new ConsoleSession();
        assertTrue(ConsoleSession.signedIn(before.signIn(user, "first-password-1")));
        assertEquals(200, before.send(HttpRequest.newBuilder(Api.uri("api/me"))).statusCode());
        assertEquals(
                true,
                api.put(
                                "api/admin/users/" + id + "/disabled",
                                Json.createObjectBuilder().add("disabled", true).build())
                        .json()
                        .getBoolean("disabled"));
        assertFalse(ConsoleSession.signedIn(new ConsoleSession().signIn(user, "first-password-1")));
        assertEquals(
                401,
                before.send(HttpRequest.newBuilder(Api.uri("api/me"))).statusCode(),
                "a session signed in before the disable ends with it");
        api.put(
                "api/admin/users/" + id + "/disabled",
                Json.createObjectBuilder().add("disabled", false).build());

        assertEquals(
                200,
                api.put(
                                "api/admin/users/" + id + "/password",
                                Json.createObjectBuilder()
                                        .add("password", "reset-by-admin-2")
                                        .build())
                        .status());
        ConsoleSession session = new ConsoleSession();
        assertTrue(ConsoleSession.signedIn(session.signIn(user, "reset-by-admin-2")));

        // the user changes their own password through the API with the console session
        var changed = session.send(HttpRequest.newBuilder(Api.uri("api/me/password"))
                .header("Content-Type", "application/json")
                .header("X-Requested-With", "test")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("currentPassword", "reset-by-admin-2")
                        .add("newPassword", "chosen-by-user-3")
                        .build()
                        .toString())));
        assertEquals(200, changed.statusCode(), changed.body());
        assertTrue(ConsoleSession.signedIn(new ConsoleSession().signIn(user, "chosen-by-user-3")));
        assertEquals(
                403,
                api.put(
                                "api/me/password",
                                Json.createObjectBuilder()
                                        .add("currentPassword", "x")
                                        .add("newPassword", "yyyyyyyyyyyyyyy")
                                        .build())
                        .status(),
                "an API key has no password");
    }

    @Test
    void aSessionCannotStartARunFromACrossSiteLink() throws Exception {
        ConsoleSession session = new ConsoleSession();
        assertTrue(ConsoleSession.signedIn(session.signIn(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD)));
        String link = "api/app/workflow/execute?appId=" + greeting + "&parameters="
                + URLEncoder.encode("{\"name\":\"x\"}", StandardCharsets.UTF_8);
        var refused = session.send(HttpRequest.newBuilder(Api.uri(link)).header("Accept", "text/event-stream"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("FORBIDDEN"), refused.body());

        String ticket = Json.createReader(new StringReader(session.send(HttpRequest.newBuilder(Api.uri("api/ws-ticket"))
                                .header("X-Requested-With", "test")
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .body()))
                .readObject()
                .getString("ticket");
        var started = session.send(
                HttpRequest.newBuilder(Api.uri(link + "&ticket=" + ticket)).header("Accept", "text/event-stream"));
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(started.body().contains("workflow_complete"), started.body());
    }

    @Test
    void responsesForbidFramingSniffingAndReferrers() throws Exception {
        for (String path :
                new String[] {"console/login.xhtml", "api/app/team/list?page=1&pageSize=1", "health/ready"}) {
            var reply = Api.admin().get(path).raw();
            assertEquals("DENY", reply.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals(
                    "frame-ancestors 'none'",
                    reply.headers().firstValue("Content-Security-Policy").orElse(null),
                    path);
            assertEquals(
                    "nosniff",
                    reply.headers().firstValue("X-Content-Type-Options").orElse(null),
                    path);
            assertEquals(
                    "same-origin", reply.headers().firstValue("Referrer-Policy").orElse(null), path);
        }
    }

    @Test
    void aRunClosedElsewhereWhileItRanKeepsOneOutcome() throws Exception {
        long pause = plugin("pause", "/pause?ms=1500");
        String app = WorkflowDesign.design()
                .node("start", "Start")
                .node("busy", "Plugin", fixed("pluginId", Json.createValue(pause)))
                .node("end", "End", variable("r", "busy.result"))
                .connect("start", "busy")
                .connect("busy", "end")
                .then(built -> Workflows.publish(api, "closed elsewhere", built));
        String id = api.post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add("parameters", Json.createObjectBuilder())
                                .build())
                .json()
                .getString("instanceId");
        // what another server's sweep does to a run it believes orphaned
        assertEquals(
                1,
                TestPlatform.sql(
                        "update workflow_instance set state = 'Failed', error_code = 'INTERRUPTED',"
                                + " end_time = now() where id = ? and state = 'Running'",
                        id));
        TestPlatform.sql(
                "insert into instance_event (instance_id, seq, payload) values (?, 1000000,"
                        + " '{\"type\":\"workflow_error\"}')",
                id);

        SseClient.Stream rest = SseClient.read(
                HttpRequest.newBuilder(Api.uri("api/app/workflow/instance/" + id + "/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + api.key())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                1_000);
        assertTrue(rest.types().contains("workflow_complete"), "the run ended on this server: " + rest.types());

        JsonObject recorded = api.get("api/app/workflow/instance/" + id).json();
        assertEquals("Failed", recorded.getString("state"), "the first outcome stays: " + recorded);
        assertEquals("INTERRUPTED", recorded.getJsonObject("error").getString("code"));
        assertEquals(
                "1",
                TestPlatform.query(
                        "select count(*) from instance_event where instance_id = ? and"
                                + " (payload like '%\"workflow_complete\"%' or payload like '%\"workflow_error\"%')",
                        id),
                "one terminal event in the run's log");
    }

    @Test
    void keysAndNamesLongerThanTheirColumnsAreRefusedAtSave() {
        String appId = api.post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "long key")
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
        JsonObject design = WorkflowDesign.design()
                .node("start", "Start")
                .node("k".repeat(250), "DataProcess", template("text", "x"))
                .node("end", "End")
                .connect("start", "k".repeat(250))
                .connect("k".repeat(250), "end")
                .build();
        Api.Reply saved = api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder().add("functionDesignDraft", design).build());
        assertEquals(400, saved.status(), saved.body());
        assertEquals("VALIDATION_ERROR", saved.code());
        assertTrue(saved.json().getString("message").contains("longer than 200"), saved.body());
    }
}
