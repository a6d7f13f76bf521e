package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays FlowGram.AI's editor against the task API, as its runtime plugin's server client does
 * ({@code apps/demo-free-layout/src/plugins/runtime-plugin/}):
 * <ul>
 *   <li>{@code client/server-client/index.ts}: {@code fetch(`${protocol}://${host}/api${path}`)}, a body
 *       only with {@code Content-Type: application/json}, no other header; an answer with a
 *       {@code code} is an error;
 *   <li>{@code runtime-service/index.ts}: {@code TaskValidate} then {@code TaskRun} with
 *       {@code {schema: JSON.stringify(document), inputs}}; then {@code TaskReport} every 500 ms until
 *       {@code workflowStatus.terminated}; the result is {@code {inputs, outputs}} when there are
 *       outputs, else the errors {@code messages.error.map(m => m.nodeID ? `${m.nodeID}: ${m.message}`
 *       : m.message)}; per node it follows {@code reports[id].status} and {@code snapshots};
 *   <li>the task API's definitions in {@code @flowgram.ai/runtime-interface} ({@code api/task-*}): paths,
 *       methods, {@code IReport}, {@code WorkflowStatus} values.
 * </ul>
 * The stock client sends no credentials; here the key rides in the {@code access_token} query
 * parameter, which an editor configures as part of its server URL (or a same-origin editor replaces
 * with the console session).
 */
class FlowGramClientIT {

    /** {@code WorkflowStatus} of runtime-interface. */
    private static final Set<String> WORKFLOW_STATUS =
            Set.of("pending", "processing", "succeeded", "failed", "canceled");

    private static final FakeUpstream upstream = startUpstream();
    private static Api api;

    private static FakeUpstream startUpstream() {
        try {
            return new FakeUpstream();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void setUp() {
        api = Api.admin();
        Api.Reply model = api.post(
                "api/app/model",
                Json.createObjectBuilder()
                        .add("name", "flowgram gpt")
                        .add("provider", "openai")
                        .add("baseUrl", upstream.baseUrl() + "/v1")
                        .add("modelName", "gpt-flowgram")
                        .add("apiKey", "sk-platform-secret")
                        .build());
        assertEquals(201, model.status(), model.body());
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /** The server client's request: the task API's path, only a JSON body's content type. */
    private static Api.Reply call(String method, String path, JsonObject body) {
        String separator = path.contains("?") ? "&" : "?";
        HttpRequest.Builder b = HttpRequest.newBuilder(
                Api.uri("api/task/" + path + separator + "access_token=" + TestPlatform.ADMIN_KEY));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return Api.send(b.build());
    }

    private static JsonObject task(JsonObject document, JsonObject inputs) {
        return Json.createObjectBuilder()
                .add("schema", document.toString())
                .add("inputs", inputs)
                .build();
    }

    /** What the editor ends with: the result or the errors, and every report it saw. */
    record Outcome(JsonObject outputs, List<String> errors, List<JsonObject> reports) {}

    /** runtime-service's taskRun: validate, run, then poll the report until it is terminated. */
    private static Outcome runInEditor(JsonObject document, JsonObject inputs) throws InterruptedException {
        Api.Reply validation = call("POST", "validate", task(document, inputs));
        assertEquals(200, validation.status(), validation.body());
        assertTrue(validation.json().getBoolean("valid"), validation.body());
        Api.Reply run = call("POST", "run", task(document, inputs));
        assertEquals(200, run.status(), run.body());
        assertFalse(run.json().containsKey("code"), run.body());
        String taskId = run.json().getString("taskID");
        List<JsonObject> reports = new ArrayList<>();
        for (int poll = 0; poll < 120; poll++) {
            Thread.sleep(500); // SYNC_TASK_REPORT_INTERVAL: the editor's own polling period
            Api.Reply report = call("GET", "report?taskID=" + taskId, null);
            assertEquals(200, report.status(), report.body());
            JsonObject r = report.json();
            reports.add(r);
            JsonObject status = r.getJsonObject("workflowStatus");
            assertTrue(WORKFLOW_STATUS.contains(status.getString("status")), status.toString());
            if (status.getBoolean("terminated")) {
                JsonObject outputs = r.getJsonObject("outputs");
                List<String> errors = r.getJsonObject("messages").getJsonArray("error").stream()
                        .map(JsonValue::asJsonObject)
                        .map(m -> m.containsKey("nodeID")
                                ? m.getString("nodeID") + ": " + m.getString("message")
                                : m.getString("message"))
                        .toList();
                return new Outcome(outputs.isEmpty() ? null : outputs, errors, reports);
            }
        }
        throw new AssertionError("the task never terminated: " + reports.get(reports.size() - 1));
    }

    // FlowGram documents, as the free-layout editor's document.toJSON() gives them

    private static JsonObject node(String id, String type, JsonObjectBuilder data) {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("type", type)
                .add(
                        "meta",
                        Json.createObjectBuilder()
                                .add(
                                        "position",
                                        Json.createObjectBuilder().add("x", 0).add("y", 0)))
                .add("data", data.add("title", id))
                .build();
    }

    private static JsonObject ref(String... path) {
        JsonArrayBuilder content = Json.createArrayBuilder();
        for (String p : path) {
            content.add(p);
        }
        return Json.createObjectBuilder()
                .add("type", "ref")
                .add("content", content)
                .build();
    }

    private static JsonObject constant(JsonValue value) {
        return Json.createObjectBuilder()
                .add("type", "constant")
                .add("content", value)
                .build();
    }

    private static JsonObject template(String text) {
        return Json.createObjectBuilder()
                .add("type", "template")
                .add("content", text)
                .build();
    }

    private static JsonObject edge(String from, String to, String port) {
        JsonObjectBuilder e =
                Json.createObjectBuilder().add("sourceNodeID", from).add("targetNodeID", to);
        if (port != null) {
            e.add("sourcePortID", port);
        }
        return e.build();
    }

    private static JsonObject code(String id, String script, JsonObjectBuilder inputsValues) {
        return node(
                id,
                "code",
                Json.createObjectBuilder()
                        .add("inputsValues", inputsValues)
                        .add(
                                "script",
                                Json.createObjectBuilder()
                                        .add("language", "javascript")
                                        .add("content", script)));
    }

    private static JsonObject start() {
        return node(
                "start_0",
                "start",
                Json.createObjectBuilder()
                        .add(
                                "outputs",
                                Json.createObjectBuilder()
                                        .add("type", "object")
                                        .add(
                                                "properties",
                                                Json.createObjectBuilder()
                                                        .add(
                                                                "query",
                                                                Json.createObjectBuilder()
                                                                        .add("type", "string")
                                                                        .add("default", "Hello"))
                                                        .add(
                                                                "numbers",
                                                                Json.createObjectBuilder()
                                                                        .add("type", "array")))
                                        .add(
                                                "required",
                                                Json.createArrayBuilder().add("query"))));
    }

    /**
     * start → code (async main({params})) → condition (if_long / else) → loop over the numbers
     * (a code node doubling each) → llm → end; the else branch goes straight to end.
     */
    private static JsonObject fullDocument() {
        JsonObject loop = Json.createObjectBuilder(node(
                        "loop_0",
                        "loop",
                        Json.createObjectBuilder()
                                .add("loopFor", ref("start_0", "numbers"))
                                .add(
                                        "loopOutputs",
                                        Json.createObjectBuilder().add("doubled", ref("double_0", "doubled")))))
                .add(
                        "blocks",
                        Json.createArrayBuilder()
                                .add(node("block_start_0", "block-start", Json.createObjectBuilder()))
                                .add(code(
                                        "double_0",
                                        "async function main({ params }) { return { doubled: params.n * 2 }; }",
                                        Json.createObjectBuilder().add("n", ref("loop_0_locals", "item"))))
                                .add(node("block_end_0", "block-end", Json.createObjectBuilder())))
                .add(
                        "edges",
                        Json.createArrayBuilder()
                                .add(edge("block_start_0", "double_0", null))
                                .add(edge("double_0", "block_end_0", null)))
                .build();
        JsonObject condition = node(
                "condition_0",
                "condition",
                Json.createObjectBuilder()
                        .add(
                                "conditions",
                                Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder()
                                                .add("key", "if_world")
                                                .add(
                                                        "value",
                                                        Json.createObjectBuilder()
                                                                .add("left", ref("code_0", "key0"))
                                                                .add("operator", "contains")
                                                                .add("right", constant(Json.createValue("world")))))));
        JsonObject llm = node(
                "llm_0",
                "llm",
                Json.createObjectBuilder()
                        .add(
                                "inputsValues",
                                Json.createObjectBuilder()
                                        .add("modelName", constant(Json.createValue("flowgram gpt")))
                                        .add("apiKey", constant(Json.createValue("sk-from-the-editor")))
                                        .add("apiHost", constant(Json.createValue("https://api.example.com/v1")))
                                        .add("temperature", constant(Json.createValue(0.5)))
                                        .add("systemPrompt", constant(Json.createValue("You are terse.")))
                                        .add("prompt", template("Say {{code_0.key0}}"))));
        JsonObject end = node(
                "end_0",
                "end",
                Json.createObjectBuilder()
                        .add(
                                "inputsValues",
                                Json.createObjectBuilder()
                                        .add("greeting", ref("code_0", "key0"))
                                        .add("doubled", ref("loop_0", "doubled"))
                                        .add("answer", ref("llm_0", "result"))));
        return Json.createObjectBuilder()
                .add(
                        "nodes",
                        Json.createArrayBuilder()
                                .add(start())
                                .add(code(
                                        "code_0",
                                        "async function main({ params }) { return { key0: params.input + ' world' }; }",
                                        Json.createObjectBuilder().add("input", ref("start_0", "query"))))
                                .add(condition)
                                .add(loop)
                                .add(llm)
                                .add(end)
                                .add(node("comment_0", "comment", Json.createObjectBuilder())))
                .add(
                        "edges",
                        Json.createArrayBuilder()
                                .add(edge("start_0", "code_0", null))
                                .add(edge("code_0", "condition_0", null))
                                .add(edge("condition_0", "loop_0", "if_world"))
                                .add(edge("condition_0", "end_0", "else"))
                                .add(edge("loop_0", "llm_0", null))
                                .add(edge("llm_0", "end_0", null)))
                .build();
    }

    @Test
    void theEditorRunsADocumentToItsResult() throws Exception {
        Outcome outcome = runInEditor(
                fullDocument(),
                Json.createObjectBuilder()
                        .add("query", "hello")
                        .add("numbers", Json.createArrayBuilder().add(1).add(2).add(3))
                        .build());

        assertEquals(List.of(), outcome.errors());
        assertEquals("hello world", outcome.outputs().getString("greeting"));
        assertEquals(
                Json.createArrayBuilder().add(2).add(4).add(6).build(),
                outcome.outputs().get("doubled"));
        assertEquals("Hello world", outcome.outputs().getString("answer"), "the team's model answered");
        JsonObject last = outcome.reports().get(outcome.reports().size() - 1);
        assertEquals("succeeded", last.getJsonObject("workflowStatus").getString("status"));
        JsonObject reports = last.getJsonObject("reports");
        assertEquals(
                Set.of("start_0", "code_0", "condition_0", "loop_0", "double_0", "llm_0", "end_0", "loop_0_outputs"),
                reports.keySet(),
                "every node that ran, and only those");
        for (Map.Entry<String, JsonValue> entry : reports.entrySet()) {
            JsonObject node = entry.getValue().asJsonObject();
            assertEquals(entry.getKey(), node.getString("id"));
            assertEquals("succeeded", node.getString("status"));
            assertTrue(node.getBoolean("terminated"));
            assertEquals(
                    node.getJsonNumber("endTime").longValue()
                            - node.getJsonNumber("startTime").longValue(),
                    node.getJsonNumber("timeCost").longValue());
        }
        JsonArray doubling = reports.getJsonObject("double_0").getJsonArray("snapshots");
        assertEquals(3, doubling.size(), "one snapshot per iteration");
        assertEquals(4, doubling.getJsonObject(1).getJsonObject("outputs").getInt("doubled"));
        assertEquals(
                "if_world",
                reports.getJsonObject("condition_0")
                        .getJsonArray("snapshots")
                        .getJsonObject(0)
                        .getString("branch"));
        String asked = upstream.lastChatRequest();
        assertTrue(
                asked.contains("Say hello world") && asked.contains("gpt-flowgram"),
                "the prompt reached the team's model: " + asked);
    }

    @Test
    void aFailingNodeEndsTheTaskWithItsErrorAndOnlyWhatRanIsReported() throws Exception {
        JsonObject document = Json.createObjectBuilder()
                .add(
                        "nodes",
                        Json.createArrayBuilder()
                                .add(start())
                                .add(code(
                                        "code_0",
                                        "function main({ params }) { throw new Error('boom'); }",
                                        Json.createObjectBuilder()))
                                .add(node(
                                        "end_0",
                                        "end",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "inputsValues",
                                                        Json.createObjectBuilder()
                                                                .add("r", ref("code_0", "result"))))))
                .add(
                        "edges",
                        Json.createArrayBuilder()
                                .add(edge("start_0", "code_0", null))
                                .add(edge("code_0", "end_0", null)))
                .build();

        Outcome outcome = runInEditor(
                document, Json.createObjectBuilder().add("query", "x").build());

        assertEquals(null, outcome.outputs());
        assertEquals(List.of("code_0: SCRIPT_ERROR: Error: boom"), outcome.errors());
        JsonObject last = outcome.reports().get(outcome.reports().size() - 1);
        assertEquals("failed", last.getJsonObject("workflowStatus").getString("status"));
        assertEquals(Set.of("start_0", "code_0"), last.getJsonObject("reports").keySet(), "end never ran");
        assertEquals(
                "failed", last.getJsonObject("reports").getJsonObject("code_0").getString("status"));
    }

    @Test
    void validationNamesWhatCannotRunAndRunRefusesIt() {
        JsonObject document = Json.createObjectBuilder()
                .add(
                        "nodes",
                        Json.createArrayBuilder()
                                .add(start())
                                .add(node(
                                        "http_0",
                                        "http",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "api",
                                                        Json.createObjectBuilder()
                                                                .add("method", "GET")
                                                                .add("url", template("http://169.254.169.254/")))))
                                .add(node(
                                        "llm_0",
                                        "llm",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "inputsValues",
                                                        Json.createObjectBuilder()
                                                                .add(
                                                                        "modelName",
                                                                        constant(Json.createValue("gpt-unknown")))
                                                                .add("prompt", template("hi")))))
                                .add(node("end_0", "end", Json.createObjectBuilder())))
                .add(
                        "edges",
                        Json.createArrayBuilder()
                                .add(edge("start_0", "http_0", null))
                                .add(edge("http_0", "llm_0", null))
                                .add(edge("llm_0", "end_0", null)))
                .build();

        Api.Reply validation = call("POST", "validate", task(document, JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(200, validation.status(), validation.body());
        assertFalse(validation.json().getBoolean("valid"));
        String errors = validation.json().getJsonArray("errors").toString();
        assertTrue(errors.contains("http_0") && errors.contains("'http'"), errors);
        assertTrue(errors.contains("llm_0") && errors.contains("gpt-unknown"), errors);

        Api.Reply run = call("POST", "run", task(document, JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(400, run.status(), run.body());
        assertTrue(run.json().containsKey("code"), "the client takes an answer with a code as an error");

        Api.Reply missingInput = call(
                "POST",
                "validate",
                task(
                        Json.createObjectBuilder()
                                .add(
                                        "nodes",
                                        Json.createArrayBuilder()
                                                .add(start())
                                                .add(node("end_0", "end", Json.createObjectBuilder())))
                                .add("edges", Json.createArrayBuilder().add(edge("start_0", "end_0", null)))
                                .build(),
                        JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(
                List.of("input 'query' is required"),
                missingInput.json().getJsonArray("errors").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        Api.Reply garbage = call(
                "POST",
                "run",
                Json.createObjectBuilder().add("schema", "{not json").build());
        assertEquals(400, garbage.status(), garbage.body());
    }

    @Test
    void anEditorOnTheConfiguredOriginMayCallFromTheBrowserAndOthersMayNot() {
        Api.Reply preflight = Api.send(HttpRequest.newBuilder(Api.uri("api/task/run"))
                .header("Origin", TestPlatform.FLOWGRAM_EDITOR_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(204, preflight.status(), preflight.body());
        assertEquals(
                TestPlatform.FLOWGRAM_EDITOR_ORIGIN,
                preflight
                        .raw()
                        .headers()
                        .firstValue("Access-Control-Allow-Origin")
                        .orElse(null));
        assertTrue(preflight
                .raw()
                .headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElse("")
                .contains("Content-Type"));

        Api.Reply foreign = Api.send(HttpRequest.newBuilder(Api.uri("api/task/run"))
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(403, foreign.status());
        assertTrue(foreign.raw()
                .headers()
                .firstValue("Access-Control-Allow-Origin")
                .isEmpty());

        Api.Reply noKey = Api.send(HttpRequest.newBuilder(Api.uri("api/task/report?taskID=x"))
                .header("Origin", TestPlatform.FLOWGRAM_EDITOR_ORIGIN)
                .GET()
                .build());
        assertEquals(401, noKey.status(), "CORS lets the editor read answers; it does not authenticate it");
        assertEquals(
                TestPlatform.FLOWGRAM_EDITOR_ORIGIN,
                noKey.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }
}
