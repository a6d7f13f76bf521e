package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executing published workflows through the HTTP API: SSE, JSON, async, history, cancel, load. */
class ExecutionIT {

    private static final Api api = Api.admin();
    private static FakeUpstream upstream;
    private static String linearApp;

    @BeforeAll
    static void setUp() throws Exception {
        upstream = new FakeUpstream();
        linearApp = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node("shout", "DataProcess", template("text", "{{greet.text}}!"))
                .node("end", "End", variable("answer", "shout.text"))
                .connect("start", "greet")
                .connect("greet", "shout")
                .connect("shout", "end")
                .then(built -> Workflows.publish(api, "linear", built));
    }

    @AfterAll
    static void tearDown() {
        upstream.close();
    }

    private static JsonObject execute(String appId, JsonObject parameters) {
        return Json.createObjectBuilder()
                .add("appId", appId)
                .add("parameters", parameters)
                .build();
    }

    private static JsonObject params(String name, String value) {
        return Json.createObjectBuilder().add(name, value).build();
    }

    @Test
    void sseStreamsEveryNodeInOrderWithSequenceIds() {
        SseClient.Stream stream = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute(linearApp, params("name", "Ada")), api.key())
                        .build(),
                100);
        assertEquals(200, stream.status(), stream.errorBody());
        assertEquals(
                List.of(
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "workflow_complete"),
                stream.types());
        List<String> keys = stream.events().stream()
                .filter(e -> e.data().containsKey("nodeKey"))
                .map(e -> e.data().getString("nodeKey"))
                .toList();
        assertEquals(List.of("start", "start", "greet", "greet", "shout", "shout", "end", "end"), keys);
        long previous = 0;
        for (SseClient.Event e : stream.events()) {
            assertTrue(e.id() > previous, "ids increase");
            previous = e.id();
            assertNotNull(e.data().getString("instanceId"));
            assertNotNull(e.data().getString("timestamp"));
        }
        JsonObject greet = stream.events().get(3).data();
        assertEquals("DataProcess", greet.getString("nodeType"));
        assertEquals("hello Ada", greet.getJsonObject("output").getString("text"));
        JsonObject done = stream.events().get(8).data();
        assertEquals("hello Ada!", done.getJsonObject("result").getString("answer"));
        assertTrue(done.getJsonNumber("duration").longValue() >= 0);
        assertEquals(
                "Ada",
                stream.events()
                        .get(1)
                        .data()
                        .getJsonObject("output")
                        .getJsonObject("parameters")
                        .getString("name"));
    }

    @Test
    void jsonWaitsAndReturnsTheRecordedInstance() {
        Api.Reply reply = api.post("api/app/workflow/execute", execute(linearApp, params("name", "Bo")));
        assertEquals(200, reply.status(), reply.body());
        JsonObject instance = reply.json();
        assertEquals("Completed", instance.getString("state"));
        assertEquals(linearApp, instance.getString("appId"));
        assertEquals(1, instance.getInt("version"));
        assertEquals("hello Bo!", instance.getJsonObject("result").getString("answer"));
        assertEquals("Bo", instance.getJsonObject("parameters").getString("name"));
        assertEquals(4, instance.getJsonArray("nodeExecutions").size());
        JsonObject shout = instance.getJsonArray("nodeExecutions").getJsonObject(2);
        assertEquals("shout", shout.getString("nodeKey"));
        assertEquals("Completed", shout.getString("state"));
        assertEquals("hello Bo", shout.getJsonObject("input").getString("text").replace("!", ""));
        assertNotNull(instance.getString("endTime"));
        assertEquals(
                instance,
                api.get("api/app/workflow/instance/" + instance.getString("id")).json());
    }

    @Test
    void asyncAnswers202AndTheRunCompletesInHistory() throws Exception {
        Api.Reply reply = api.post("api/app/workflow/execute?async=true", execute(linearApp, params("name", "Cy")));
        assertEquals(202, reply.status(), reply.body());
        String id = reply.json().getString("instanceId");
        JsonObject instance = awaitState(id, "Completed");
        assertEquals("hello Cy!", instance.getJsonObject("result").getString("answer"));
    }

    @Test
    void requestProblemsAreErrorsBeforeAnyRun() {
        String unpublished = api.post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "draft only")
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
        Api.Reply notPublished = api.post("api/app/workflow/execute", execute(unpublished, params("name", "x")));
        assertEquals(409, notPublished.status());
        assertEquals("NOT_PUBLISHED", notPublished.code());

        SseClient.Stream unknown = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute("no-such-app", params("name", "x")), api.key())
                        .build(),
                10);
        assertEquals(404, unknown.status());
        assertTrue(unknown.errorBody().contains("APP_NOT_FOUND"), unknown.errorBody());

        String disabled = WorkflowDesign.design()
                .node("s", "Start")
                .node("e", "End")
                .connect("s", "e")
                .then(built -> Workflows.publish(api, "to disable", built));
        api.post(
                "api/app/team/set_disable",
                Json.createObjectBuilder()
                        .add("appId", disabled)
                        .add("isDisabled", true)
                        .build());
        assertEquals(
                "APP_DISABLED",
                api.post("api/app/workflow/execute", execute(disabled, params("a", "b")))
                        .code());

        Api.Reply badParams = api.post(
                "api/app/workflow/execute",
                Json.createObjectBuilder()
                        .add("appId", linearApp)
                        .add("parameters", "not an object")
                        .build());
        assertEquals(400, badParams.status());
    }

    @Test
    void aMissingRequiredParameterFailsTheRunWithValidationError() {
        JsonObject instance = api.post(
                        "api/app/workflow/execute",
                        execute(linearApp, Json.createObjectBuilder().build()))
                .json();
        assertEquals("Failed", instance.getString("state"));
        assertEquals("VALIDATION_ERROR", instance.getJsonObject("error").getString("code"));
        assertTrue(instance.getJsonObject("error").getString("message").contains("name"));
        assertEquals(0, instance.getJsonArray("nodeExecutions").size());
    }

    @Test
    void conditionTakesOneBranchAndSkipsTheOther() {
        JsonObject conditions = Json.createObjectBuilder()
                .add("key", "big")
                .add(
                        "value",
                        Json.createObjectBuilder()
                                .add(
                                        "left",
                                        Json.createObjectBuilder()
                                                .add("type", "ref")
                                                .add(
                                                        "content",
                                                        Json.createArrayBuilder()
                                                                .add("start")
                                                                .add("n")))
                                .add("operator", "gt")
                                .add(
                                        "right",
                                        Json.createObjectBuilder()
                                                .add("type", "constant")
                                                .add("content", 10)))
                .build();
        String app = WorkflowDesign.design()
                .node("start", "Start", param("n", "Number", true))
                .node(
                        "check",
                        "Condition",
                        fixed(
                                "conditions",
                                Json.createArrayBuilder().add(conditions).build()))
                .node("yes", "DataProcess", fixed("size", "big"))
                .node("no", "DataProcess", fixed("size", "small"))
                .node("end", "End", WorkflowDesign.jsonPath("size", "$.check.branch"))
                .connect("start", "check")
                .connect("check", "yes", "big")
                .connect("check", "no", "else")
                .connect("yes", "end")
                .connect("no", "end")
                .then(built -> Workflows.publish(api, "condition", built));
        SseClient.Stream stream = SseClient.read(
                SseClient.post(
                                "api/app/workflow/execute",
                                execute(
                                        app,
                                        Json.createObjectBuilder().add("n", 42).build()),
                                api.key())
                        .build(),
                100);
        assertTrue(
                stream.events().stream()
                        .anyMatch(e -> e.type().equals("node_skipped")
                                && e.data().getString("nodeKey").equals("no")),
                stream.types().toString());
        assertTrue(stream.events().stream()
                .noneMatch(e -> e.type().equals("node_start")
                        && e.data().getString("nodeKey").equals("no")));
        JsonObject end = stream.events().get(stream.events().size() - 1).data();
        assertEquals("workflow_complete", end.getString("type"));
        assertEquals("big", end.getJsonObject("result").getString("size"));
    }

    @Test
    void javascriptRunsSandboxedInTheServer() {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("x", "Number", true))
                .node(
                        "js",
                        "JavaScript",
                        fixed(
                                "code",
                                "function main(input) { console.log('doubling', input.x);"
                                        + " var host; try { host = Java.type('java.lang.System') !== undefined; } catch (e) { host = false; }"
                                        + " return {doubled: input.x * 2, hasJava: host}; }"),
                        variable("x", "input.x"))
                .node(
                        "spin",
                        "JavaScript",
                        fixed("code", "function main(input) { while (true) {} }"),
                        fixed("timeoutMs", Json.createValue(300)),
                        fixed("onError", "continue"))
                .node("end", "End", variable("doubled", "js.doubled"), variable("hasJava", "js.hasJava"))
                .connect("start", "js")
                .connect("js", "spin")
                .connect("spin", "end")
                .then(built -> Workflows.publish(api, "javascript", built));
        JsonObject instance = api.post(
                        "api/app/workflow/execute",
                        execute(app, Json.createObjectBuilder().add("x", 21).build()))
                .json();
        assertEquals("Completed", instance.getString("state"), instance.toString());
        assertEquals(
                instance,
                api.get("api/app/workflow/instance/" + instance.getString("id")).json(),
                "the answer reads as the run does afterwards, its failed node's error too");
        assertEquals(42, instance.getJsonObject("result").getInt("doubled"));
        assertEquals(false, instance.getJsonObject("result").getBoolean("hasJava"));
        JsonObject spin = instance.getJsonArray("nodeExecutions").stream()
                .map(v -> v.asJsonObject())
                .filter(n -> n.getString("nodeKey").equals("spin"))
                .findFirst()
                .orElseThrow();
        assertEquals("SCRIPT_TIMEOUT", spin.getJsonObject("error").getString("code"));
    }

    @Test
    void pluginCallsTheRegisteredApiWithItsSecretAndSsrfIsBlocked() {
        Api.Reply plugin = api.post(
                "api/app/plugin",
                Json.createObjectBuilder()
                        .add("name", "weather")
                        .add("method", "GET")
                        .add("url", upstream.baseUrl() + "/weather?city={{city}}")
                        .add("headers", Json.createObjectBuilder().add("X-Api-Key", "{{secret}}"))
                        .add("secret", "s3cr3t-value")
                        .add(
                                "inputFields",
                                Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder()
                                                .add("fieldName", "city")
                                                .add("fieldType", "String")
                                                .add("isRequired", true)))
                        .build());
        assertEquals(201, plugin.status(), plugin.body());
        assertTrue(!plugin.body().contains("s3cr3t-value"), "the secret is never returned");
        long pluginId = plugin.json().getJsonNumber("pluginId").longValue();
        String app = WorkflowDesign.design()
                .node("start", "Start", param("city", "String", true))
                .node("call", "Plugin", fixed("pluginId", Json.createValue(pluginId)), variable("city", "input.city"))
                .node("end", "End", variable("weather", "call.result"))
                .connect("start", "call")
                .connect("call", "end")
                .then(built -> Workflows.publish(api, "plugin", built));
        JsonObject instance = api.post("api/app/workflow/execute", execute(app, params("city", "Paris")))
                .json();
        assertEquals("Completed", instance.getString("state"), instance.toString());
        JsonObject weather = instance.getJsonObject("result").getJsonObject("weather");
        assertEquals("city=Paris", weather.getString("query"));
        assertTrue(weather.getBoolean("authorized"));
        assertTrue(!instance.toString().contains("s3cr3t-value"), "the secret stays out of history");

        long metadata = api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", "metadata")
                                .add("url", "http://169.254.169.254/latest/meta-data/")
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
        String ssrf = WorkflowDesign.design()
                .node("start", "Start")
                .node("call", "Plugin", fixed("pluginId", Json.createValue(metadata)))
                .node("end", "End", variable("r", "call.result"))
                .connect("start", "call")
                .connect("call", "end")
                .then(built -> Workflows.publish(api, "ssrf", built));
        JsonObject blocked = api.post(
                        "api/app/workflow/execute",
                        execute(ssrf, Json.createObjectBuilder().build()))
                .json();
        assertEquals("Failed", blocked.getString("state"));
        assertEquals("PLUGIN_TARGET_FORBIDDEN", blocked.getJsonObject("error").getString("code"));
    }

    @Test
    void aiChatStreamsChunksAsNodeStreamEventsAndCountsTokens() {
        Api.Reply model = api.post(
                "api/app/model",
                Json.createObjectBuilder()
                        .add("name", "fake gpt")
                        .add("provider", "openai")
                        .add("baseUrl", upstream.baseUrl() + "/v1")
                        .add("modelName", "gpt-test")
                        .add("apiKey", "sk-test-secret")
                        .build());
        assertEquals(201, model.status(), model.body());
        assertTrue(!model.body().contains("sk-test-secret"));
        long modelId = model.json().getJsonNumber("modelId").longValue();
        String app = WorkflowDesign.design()
                .node("start", "Start", param("q", "String", true))
                .node(
                        "chat",
                        "AiChat",
                        fixed("modelId", Json.createValue(modelId)),
                        variable("prompt", "input.q"),
                        fixed("stream", JsonValue.TRUE))
                .node("end", "End", variable("answer", "chat.answer"))
                .connect("start", "chat")
                .connect("chat", "end")
                .then(built -> Workflows.publish(api, "chat", built));
        SseClient.Stream stream = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute(app, params("q", "say hello")), api.key())
                        .build(),
                100);
        List<String> chunks = stream.events().stream()
                .filter(e -> e.type().equals("node_stream"))
                .map(e -> e.data().getString("chunk"))
                .toList();
        assertEquals(List.of("Hel", "lo ", "world"), chunks, stream.events().toString());
        JsonObject done = stream.events().get(stream.events().size() - 1).data();
        assertEquals("Hello world", done.getJsonObject("result").getString("answer"));
        assertEquals(10, done.getJsonObject("usage").getInt("totalTokens"));
        JsonObject instance = api.get("api/app/workflow/instance/" + done.getString("instanceId"))
                .json();
        assertEquals(7, instance.getJsonObject("tokens").getInt("promptTokens"));
    }

    @Test
    void historyIsPagedNewestFirstAndFilteredByState() throws Exception {
        String app = WorkflowDesign.design()
                .node("s", "Start", param("name", "String", true))
                .node("e", "End", variable("n", "input.name"))
                .connect("s", "e")
                .then(built -> Workflows.publish(api, "history", built));
        for (int i = 0; i < 5; i++) {
            api.post("api/app/workflow/execute", execute(app, params("name", "run " + i)));
        }
        api.post(
                "api/app/workflow/execute",
                execute(app, Json.createObjectBuilder().build()));
        JsonObject page = api.get("api/app/workflow/instance?appId=" + app + "&page=1&pageSize=4")
                .json();
        assertEquals(6, page.getInt("total"));
        assertEquals(4, page.getJsonArray("items").size());
        assertEquals("Failed", page.getJsonArray("items").getJsonObject(0).getString("state"), "newest first");
        assertTrue(page.getBoolean("totalExact"));
        JsonObject rest = api.get(
                        "api/app/workflow/instance?appId=" + app + "&pageSize=4&after=" + page.getString("nextCursor"))
                .json();
        assertEquals(
                api.get("api/app/workflow/instance?appId=" + app + "&page=2&pageSize=4")
                        .json()
                        .getJsonArray("items"),
                rest.getJsonArray("items"),
                "the page after the cursor is the second page");
        assertFalse(rest.containsKey("nextCursor"), "a short page is the last");
        assertEquals(
                "VALIDATION_ERROR",
                api.get("api/app/workflow/instance?appId=" + app + "&after=garbage")
                        .code());
        assertEquals(
                5,
                api.get("api/app/workflow/instance?appId=" + app + "&state=Completed")
                        .json()
                        .getInt("total"));
        assertEquals(
                400,
                api.get("api/app/workflow/instance?appId=" + app + "&state=Sleeping")
                        .status());
        assertEquals(
                "INSTANCE_NOT_FOUND", api.get("api/app/workflow/instance/nope").code());
    }

    @Test
    void anEventSourceReconnectingToExecuteDoesNotStartTheRunAgain() {
        String app = WorkflowDesign.design()
                .node("s", "Start", param("name", "String", true))
                .node("e", "End", variable("n", "input.name"))
                .connect("s", "e")
                .then(built -> Workflows.publish(api, "event-source", built));
        String query = "api/app/workflow/execute?appId=" + app + "&parameters="
                + URLEncoder.encode("{\"name\":\"Eve\"}", StandardCharsets.UTF_8)
                + "&access_token=" + api.key();
        SseClient.Stream first = SseClient.read(
                HttpRequest.newBuilder(Api.uri(query))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                100);
        assertEquals(200, first.status(), first.errorBody());
        assertEquals("workflow_complete", first.types().get(first.types().size() - 1));
        long lastId = first.events().get(first.events().size() - 1).id();

        // what a browser's EventSource sends by itself when the stream broke before it closed it
        SseClient.Stream reconnect = SseClient.read(
                HttpRequest.newBuilder(Api.uri(query))
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", Long.toString(lastId))
                        .GET()
                        .build(),
                100);
        assertEquals(204, reconnect.status(), "204 ends an EventSource: " + reconnect.errorBody());
        assertEquals(1, api.get("api/app/workflow/instance?appId=" + app).json().getInt("total"), "one run, not two");
    }

    @Test
    void eventsReplayAfterLastEventId() {
        SseClient.Stream first = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute(linearApp, params("name", "Di")), api.key())
                        .build(),
                100);
        String id = first.events().get(0).data().getString("instanceId");
        long third = first.events().get(2).id();
        SseClient.Stream replay = SseClient.read(
                HttpRequest.newBuilder(Api.uri("api/app/workflow/instance/" + id + "/events"))
                        .header("Authorization", "Bearer " + api.key())
                        .header("Last-Event-ID", Long.toString(third))
                        .build(),
                100);
        assertEquals(first.events().subList(3, first.events().size()), replay.events());
    }

    /** A workflow whose one node calls a plugin that answers after 20 s. */
    private static String slowApp(String name) {
        long slow = api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", name)
                                .add("url", upstream.baseUrl() + "/slow")
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
        return WorkflowDesign.design()
                .node("start", "Start")
                .node(
                        "call",
                        "Plugin",
                        fixed("pluginId", Json.createValue(slow)),
                        fixed("timeoutMs", Json.createValue(20000)))
                .node("end", "End", variable("r", "call.result"))
                .connect("start", "call")
                .connect("call", "end")
                .then(built -> Workflows.publish(api, name, built));
    }

    @Test
    void aJsonWaitThatTimesOutAnswers202WithARunThatReadsAtOnce() throws Exception {
        String app = slowApp("slow for a short wait");
        Api.Reply reply = api.post(
                "api/app/workflow/execute?timeoutMs=300",
                execute(app, Json.createObjectBuilder().build()));
        assertEquals(202, reply.status(), reply.body());
        String id = reply.json().getString("instanceId");

        Api.Reply read = api.get("api/app/workflow/instance/" + id);
        assertEquals(200, read.status(), "the id handed out reads at once: " + read.body());
        assertEquals("Running", read.json().getString("state"));
        assertEquals(
                200,
                api.post("api/app/workflow/instance/" + id + "/cancel", null).status());
        assertEquals("Canceled", awaitState(id, "Canceled").getString("state"));
    }

    @Test
    void cancelStopsARunningWorkflowAndAClientDisconnectDoesNot() throws Exception {
        String app = slowApp("slow");
        String canceled = api.post(
                        "api/app/workflow/execute?async=true",
                        execute(app, Json.createObjectBuilder().build()))
                .json()
                .getString("instanceId");
        Thread.sleep(500);
        Api.Reply cancel = api.post("api/app/workflow/instance/" + canceled + "/cancel", null);
        assertEquals(200, cancel.status(), cancel.body());
        JsonObject instance = awaitState(canceled, "Canceled");
        assertEquals("CANCELED", instance.getJsonObject("error").getString("code"));
        assertEquals(
                409,
                api.post("api/app/workflow/instance/" + canceled + "/cancel", null)
                        .status());

        // a client that reads one event and goes away: the run still completes and is recorded
        SseClient.Stream partial = SseClient.read(
                SseClient.post(
                                "api/app/workflow/execute",
                                execute(app, Json.createObjectBuilder().build()),
                                api.key())
                        .build(),
                1);
        String abandoned = partial.events().get(0).data().getString("instanceId");
        assertEquals("Completed", awaitState(abandoned, "Completed").getString("state"));
    }

    @Test
    void fiftyParallelRunsAllComplete() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                JsonObject body = execute(linearApp, params("name", "p" + i));
                replies.add(CompletableFuture.supplyAsync(() -> api.post("api/app/workflow/execute", body), clients));
            }
            for (int i = 0; i < 50; i++) {
                Api.Reply reply = replies.get(i).get();
                assertEquals(200, reply.status(), reply.body());
                assertEquals("Completed", reply.json().getString("state"));
                assertEquals(
                        "hello p" + i + "!",
                        reply.json().getJsonObject("result").getString("answer"));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    static JsonObject awaitState(String id, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonObject instance = null;
        while (Instant.now().isBefore(deadline)) {
            instance = api.get("api/app/workflow/instance/" + id).json();
            if (state.equals(instance.getString("state"))) {
                return instance;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("instance " + id + " did not reach " + state + ": " + instance);
    }
}
