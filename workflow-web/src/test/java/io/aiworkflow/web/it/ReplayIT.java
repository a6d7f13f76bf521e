package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays and retries on the real WAR, with the model and the plugin's API emulated: reused nodes
 * send no second request and count no tokens, the new run says what it replays and what it reused.
 */
class ReplayIT {

    private static FakeUpstream upstream;
    private static Api api;
    private static long modelId;

    @BeforeAll
    static void setUp() throws IOException {
        upstream = new FakeUpstream();
        api = Api.admin();
        modelId = api.post(
                        "api/app/model",
                        Json.createObjectBuilder()
                                .add("name", "replay gpt")
                                .add("provider", "openai")
                                .add("baseUrl", upstream.baseUrl() + "/v1")
                                .add("modelName", "gpt-replay")
                                .add("apiKey", "sk-replay")
                                .build())
                .json()
                .getJsonNumber("modelId")
                .longValue();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static long plugin(String name, String path) {
        Api.Reply plugin = api.post(
                "api/app/plugin",
                Json.createObjectBuilder()
                        .add("name", name + " " + UUID.randomUUID())
                        .add("method", "GET")
                        .add("url", upstream.baseUrl() + path)
                        .build());
        assertEquals(201, plugin.status(), plugin.body());
        return plugin.json().getJsonNumber("pluginId").longValue();
    }

    private static JsonObject run(String app, JsonObject parameters) {
        return api.post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add("parameters", parameters)
                                .build())
                .json();
    }

    private static JsonObject node(JsonObject instance, String key) {
        return instance.getJsonArray("nodeExecutions").stream()
                .map(JsonValue::asJsonObject)
                .filter(n -> n.getString("nodeKey").equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + instance));
    }

    /** start → chat (the model) → weather (a plugin) → final (text from both) → end */
    private static String chatThenPlugin() {
        long weather = plugin("weather", "/weather?city=Paris");
        return WorkflowDesign.design()
                .start(param("q", "String", true))
                .node("chat", "AiChat", fixed("modelId", Json.createValue(modelId)), variable("prompt", "input.q"))
                .node("weather", "Plugin", fixed("pluginId", Json.createValue(weather)))
                .node("final", "DataProcess", template("text", "{{chat.answer}} / {{weather.status}}"))
                .end(variable("text", "final.text"))
                .chain("start", "chat", "weather", "final", "end")
                .then(d -> Workflows.publish(api, "replayed", d));
    }

    @Test
    void aReplayWithEditedInputsCallsNothingItReuses() {
        String app = chatThenPlugin();
        JsonObject first = run(app, Json.createObjectBuilder().add("q", "hi").build());
        assertEquals("Completed", first.getString("state"), first.toString());
        String firstId = first.getString("id");

        Api.Reply plan = api.post(
                "api/app/workflow/instance/" + firstId + "/replay?dryRun=true",
                Json.createObjectBuilder().add("fromNodeKey", "final").build());
        assertEquals(200, plan.status(), plan.body());
        assertEquals(
                List.of("start:reuse", "chat:reuse", "weather:reuse", "final:run", "end:run"),
                plan.json().getJsonArray("nodes").stream()
                        .map(JsonValue::asJsonObject)
                        .map(n -> n.getString("nodeKey") + ":" + n.getString("action"))
                        .toList());

        int chats = upstream.chatCalls.get();
        Api.Reply replay = api.post(
                "api/app/workflow/instance/" + firstId + "/replay",
                Json.createObjectBuilder()
                        .add("fromNodeKey", "final")
                        .add("inputs", Json.createObjectBuilder().add("text", "edited by hand"))
                        .build());
        assertEquals(200, replay.status(), replay.body());
        JsonObject second = replay.json();

        assertEquals("Completed", second.getString("state"), second.toString());
        assertEquals("edited by hand", second.getJsonObject("result").getString("text"));
        assertEquals(chats, upstream.chatCalls.get(), "the model was not asked again");
        assertEquals(firstId, second.getString("replayOf"));
        assertEquals(0, second.getJsonObject("tokens").getInt("totalTokens"), "only what ran counts");
        assertTrue(first.getJsonObject("tokens").getInt("totalTokens") > 0);
        assertEquals(node(first, "chat").getString("id"), node(second, "chat").getString("reusedFrom"));
        assertEquals(node(first, "chat").get("output"), node(second, "chat").get("output"));
        assertEquals(JsonValue.NULL, node(second, "final").getOrDefault("reusedFrom", JsonValue.NULL), "final ran");

        List<JsonObject> events = SseClient.read(
                        HttpRequest.newBuilder(
                                        Api.uri("api/app/workflow/instance/" + second.getString("id") + "/events"))
                                .header("Accept", "text/event-stream")
                                .header("Authorization", "Bearer " + api.key())
                                .GET()
                                .build(),
                        100)
                .events()
                .stream()
                .map(SseClient.Event::data)
                .toList();
        assertTrue(
                events.stream()
                        .anyMatch(e -> e.getString("type").equals("node_complete")
                                && e.getString("nodeKey").equals("weather")
                                && e.containsKey("reusedFrom")),
                "a reader of the events can tell a restored output: " + events);
        List<JsonObject> frames = api.get("api/app/workflow/instance/" + second.getString("id") + "/trace")
                .json()
                .getJsonArray("frames")
                .getValuesAs(JsonObject.class);
        assertTrue(
                frames.stream()
                        .anyMatch(f -> f.getJsonObject("payload") != null
                                && "chat".equals(f.getJsonObject("payload").getString("componentId", ""))
                                && f.getJsonObject("payload").containsKey("reusedFrom")),
                "and so can a reader of the trace: " + frames);

        JsonObject diff = api.get("api/app/workflow/instance/" + firstId + "/diff/" + second.getString("id"))
                .json();
        assertEquals(
                Json.createArrayBuilder()
                        .add(Json.createObjectBuilder()
                                .add("op", "replace")
                                .add("path", "/text")
                                .add("value", "edited by hand"))
                        .build(),
                diff.getJsonObject("run").getJsonArray("result"),
                "the result, compared path by path");
        JsonObject finalNode = diff.getJsonArray("nodes").stream()
                .map(JsonValue::asJsonObject)
                .filter(n -> n.getString("nodeKey").equals("final"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(diff.toString()));
        assertEquals(
                "replace", finalNode.getJsonArray("inputs").getJsonObject(0).getString("op"));
        assertTrue(
                diff.getJsonArray("nodes").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(n -> n.getString("nodeKey").equals("chat"))
                        .allMatch(n -> !n.containsKey("outputs")),
                "a reused node's output is the same: " + diff);
    }

    @Test
    void twoVersionsAndTheDraftAreCompared() {
        String app = chatThenPlugin();
        JsonObject draft = WorkflowDesign.design()
                .start(param("q", "String", true))
                .node(
                        "chat",
                        "AiChat",
                        fixed("modelId", Json.createValue(modelId)),
                        template("prompt", "Say {{input.q}}"))
                .node("final", "DataProcess", template("text", "{{chat.answer}}"))
                .end(variable("text", "final.text"))
                .chain("start", "chat", "final", "end")
                .build();
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + app,
                                Json.createObjectBuilder()
                                        .add("functionDesignDraft", draft)
                                        .build())
                        .status());

        Api.Reply diff = api.get("api/app/workflow/definition/" + app + "/versions/1/diff/draft");

        assertEquals(200, diff.status(), diff.body());
        JsonObject d = diff.json();
        assertEquals(Json.createArrayBuilder().add("weather").build(), d.getJsonArray("removed"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, d.getJsonArray("added"));
        JsonObject chat = d.getJsonArray("changed").getJsonObject(0);
        assertEquals("chat", chat.getString("nodeKey"));
        JsonObject prompt = chat.getJsonArray("fields").getJsonObject(0);
        assertEquals("prompt", prompt.getString("fieldName"));
        assertEquals("Variable", prompt.getJsonObject("from").getString("expressionType"));
        assertEquals("Say {{input.q}}", prompt.getJsonObject("to").getString("value"));
        assertTrue(d.getJsonArray("connectionsAdded").toString().contains("\"final\""), d.toString());
        assertEquals(
                404,
                api.get("api/app/workflow/definition/" + app + "/versions/1/diff/7")
                        .status());
    }

    @Test
    void aRetryAfterThePluginCameBackReusesWhatRanBefore() {
        long flaky = plugin("flaky", "/flaky");
        String app = WorkflowDesign.design()
                .start(param("q", "String", true))
                .node("chat", "AiChat", fixed("modelId", Json.createValue(modelId)), variable("prompt", "input.q"))
                .node("call", "Plugin", fixed("pluginId", Json.createValue(flaky)))
                .end(variable("answer", "chat.answer"), variable("status", "call.status"))
                .chain("start", "chat", "call", "end")
                .then(d -> Workflows.publish(api, "retried", d));
        upstream.flakyDown.set(true);
        JsonObject failed = run(app, Json.createObjectBuilder().add("q", "hi").build());
        assertEquals("Failed", failed.getString("state"), failed.toString());
        assertEquals("PLUGIN_HTTP_ERROR", failed.getJsonObject("error").getString("code"));

        upstream.flakyDown.set(false);
        int chats = upstream.chatCalls.get();
        int calls = upstream.flakyCalls.get();
        Api.Reply retry = api.post("api/app/workflow/instance/" + failed.getString("id") + "/retry", null);
        assertEquals(200, retry.status(), retry.body());
        JsonObject retried = retry.json();

        assertEquals("Completed", retried.getString("state"), retried.toString());
        assertEquals(200, retried.getJsonObject("result").getInt("status"));
        assertEquals(chats, upstream.chatCalls.get(), "the model's answer was reused");
        assertEquals(calls + 1, upstream.flakyCalls.get(), "the plugin was called once more");

        // the same, streamed: the reused chat says so on its node_complete
        SseClient.Stream stream = SseClient.read(
                SseClient.post(
                                "api/app/workflow/instance/" + failed.getString("id") + "/retry",
                                Json.createObjectBuilder().build(),
                                api.key())
                        .build(),
                100);
        assertEquals(200, stream.status(), stream.errorBody());
        assertTrue(
                stream.events().stream()
                        .map(SseClient.Event::data)
                        .anyMatch(e -> e.getString("type").equals("node_complete")
                                && e.getString("nodeKey").equals("chat")
                                && e.containsKey("reusedFrom")),
                stream.events().toString());
        assertEquals(
                "workflow_complete",
                stream.events().get(stream.events().size() - 1).data().getString("type"));

        JsonObject byError = api.get(
                        "api/app/workflow/instance?appId=" + app + "&errorCode=PLUGIN_HTTP_ERROR&nodeKey=call")
                .json();
        assertEquals(
                List.of(failed.getString("id")),
                byError.getJsonArray("items").stream()
                        .map(i -> i.asJsonObject().getString("id"))
                        .toList(),
                "the failed run, found by its error and its failed node");
        JsonObject replays = api.get("api/app/workflow/instance?appId=" + app + "&replayOf=" + failed.getString("id"))
                .json();
        assertEquals(2, replays.getInt("total"), "the retry, and the streamed one: " + replays);
        assertEquals(
                failed.getString("id"),
                replays.getJsonArray("items").getJsonObject(0).getString("replayOf"));
        assertEquals(
                0,
                api.get("api/app/workflow/instance?appId=" + app + "&version=2")
                        .json()
                        .getInt("total"));

        Api.Reply again = api.post("api/app/workflow/instance/" + retried.getString("id") + "/retry", null);
        assertEquals(409, again.status(), "a completed run has nothing to retry");
    }

    @Test
    void whatCannotBeReplayedIsRefusedClearly() throws InterruptedException {
        String app = chatThenPlugin();
        String id = run(app, Json.createObjectBuilder().add("q", "hi").build()).getString("id");

        Api.Reply unknown = api.post(
                "api/app/workflow/instance/" + id + "/replay",
                Json.createObjectBuilder().add("fromNodeKey", "nope").build());
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("nope"), unknown.body());

        Api.Reply team = api.post(
                "api/admin/teams",
                Json.createObjectBuilder()
                        .add("name", "Team " + UUID.randomUUID())
                        .build());
        long otherTeam = team.json().getJsonNumber("teamId").longValue();
        Api.Reply foreign = SecurityIT.key(api, otherTeam, "editor")
                .post(
                        "api/app/workflow/instance/" + id + "/replay",
                        Json.createObjectBuilder().add("fromNodeKey", "final").build());
        assertEquals(404, foreign.status(), foreign.body());
        long ownTeam =
                api.get("api/app/team/" + app).json().getJsonNumber("teamId").longValue();
        Api.Reply viewer = SecurityIT.key(api, ownTeam, "viewer")
                .post(
                        "api/app/workflow/instance/" + id + "/replay",
                        Json.createObjectBuilder().add("fromNodeKey", "final").build());
        assertEquals(403, viewer.status(), viewer.body());

        String waiting = WorkflowDesign.design()
                .start()
                .node("review", "DataProcess", template("text", "draft"), fixed("needHumanConfirm", JsonValue.TRUE))
                .end(variable("text", "review.text"))
                .chain("start", "review", "end")
                .then(d -> Workflows.publish(api, "still waiting", d));
        String waitingId = api.post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder().add("appId", waiting).build())
                .json()
                .getString("instanceId");
        ExecutionIT.awaitState(waitingId, "Waiting");
        Api.Reply notEnded = api.post(
                "api/app/workflow/instance/" + waitingId + "/replay",
                Json.createObjectBuilder().add("fromNodeKey", "review").build());
        assertEquals(409, notEnded.status(), notEnded.body());
        assertEquals("RUN_NOT_ENDED", notEnded.code());
    }
}
