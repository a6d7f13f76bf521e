package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays MoAI's workflow page (whuanle/moai) against the platform, reading only what it reads:
 * <ul>
 *   <li>{@code ui/moai/src/components/team/apps/workflow/hooks.ts}, {@code useDebugWorkflow}:
 *       {@code fetch} POST {@code /api/team/workflowapp/debug} with {@code Content-Type:
 *       application/json}, {@code Authorization: Bearer}, {@code Accept: text/event-stream} and
 *       {@code {teamId, workflowDefinitionId, startupParameters, nodes}}; a response that is not ok
 *       is an error; the body is split on {@code \n}, each line starting with {@code data:} is
 *       {@code slice(5).trim()} and JSON-parsed into {@code {nodeKey, nodeName, status: isSuccess ?
 *       'success' : 'error', output, error: errorMessage}}; the run is over when the stream ends;
 *   <li>{@code ui/moai/src/apiClient/models/index.ts}: {@code WorkflowProcessingItem} {@code {nodeType,
 *       nodeKey, input, output, state, errorMessage, executedTime}}, {@code state} one of
 *       {@code NodeStateObject}, {@code input}/{@code output} objects, {@code executedTime} an ISO date;
 *   <li>{@code src/app/MoAI.App.Api/Workflow/WorkflowExecutionController.cs}: the same body at
 *       {@code POST /api/workflow/execute}.
 * </ul>
 */
class MoaiClientIT {

    /** {@code NodeStateObject} of MoAI's generated API client. */
    private static final Set<String> NODE_STATES = Set.of("pending", "running", "completed", "failed");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Api api;
    private static String app;
    private static long teamId;

    /** What useDebugWorkflow keeps of each item ({@code DebugResultItem}), and the item as sent. */
    record DebugResult(
            String nodeKey, String nodeName, String status, JsonValue output, String error, JsonObject item) {}

    @BeforeAll
    static void setUp() {
        api = Api.admin();
        app = WorkflowDesign.design()
                .start(param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .end(variable("answer", "greet.text"))
                .chain("start", "greet", "end")
                .then(d -> Workflows.publish(api, "moai client", d));
        teamId = api.get("api/app/team/" + app).json().getJsonNumber("teamId").longValue();
    }

    /** useDebugWorkflow's request and stream reading, line for line. */
    private static List<DebugResult> debug(String path, JsonObject body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Api.uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + api.key())
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode(), "the page throws on a response that is not ok");
        List<DebugResult> results = new ArrayList<>();
        StringBuilder buffer = new StringBuilder();
        try (InputStream in = response.body()) {
            byte[] chunk = new byte[4096];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buffer.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                String[] lines = buffer.toString().split("\n", -1);
                buffer.setLength(0);
                buffer.append(lines[lines.length - 1]);
                for (int i = 0; i < lines.length - 1; i++) {
                    read(lines[i], results);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the stream broke instead of ending", e);
        }
        return results;
    }

    private static void read(String line, List<DebugResult> results) {
        if (!line.startsWith("data:")) {
            return;
        }
        String data = line.substring(5).trim();
        if (data.isEmpty()) {
            return;
        }
        JsonObject item = Json.createReader(new StringReader(data)).readObject();
        results.add(new DebugResult(
                item.getString("nodeKey"),
                item.getString("nodeName"),
                item.getBoolean("isSuccess") ? "success" : "error",
                item.get("output"),
                item.getString("errorMessage"),
                item));
    }

    private static JsonObject body(String appId, JsonObject parameters) {
        return Json.createObjectBuilder()
                .add("teamId", teamId)
                .add("workflowDefinitionId", appId)
                .add("startupParameters", parameters)
                // the page sends the canvas too; the backend runs the saved version
                .add("nodes", Json.createArrayBuilder())
                .build();
    }

    private static void assertGeneratedClientTypes(JsonObject item) {
        assertTrue(NODE_STATES.contains(item.getString("state")), item.toString());
        assertTrue(item.get("input") instanceof JsonObject, "input is an object: " + item);
        assertTrue(item.get("output") instanceof JsonObject, "output is an object: " + item);
        OffsetDateTime.parse(item.getString("executedTime"));
        assertTrue(!item.containsKey("type"), "MoAI's items carry no type: " + item);
    }

    @Test
    void theEditorsRunButtonShowsEachNodeAndTheResult() throws Exception {
        List<DebugResult> results = debug(
                "api/team/workflowapp/debug",
                body(app, Json.createObjectBuilder().add("name", "Ada").build()));

        assertEquals(
                List.of("start", "start", "greet", "greet", "end", "end"),
                results.stream().map(DebugResult::nodeKey).toList(),
                "a running and a finished item per node, in order");
        assertTrue(results.stream().allMatch(r -> r.status().equals("success")), results.toString());
        results.forEach(r -> assertGeneratedClientTypes(r.item()));
        assertEquals(
                List.of("running", "completed", "running", "completed", "running", "completed"),
                results.stream().map(r -> r.item().getString("state")).toList());
        DebugResult greet = results.get(3);
        assertEquals("DataProcess", greet.item().getString("nodeType"));
        assertEquals("hello Ada", greet.item().getJsonObject("output").getString("text"));
        assertEquals(
                "hello Ada", greet.item().getJsonObject("input").getString("text"), "the node's inputs as evaluated");
        DebugResult end = results.get(results.size() - 1);
        assertEquals("hello Ada", end.output().asJsonObject().getString("answer"), "the run's result");
        assertEquals("", end.error());
    }

    @Test
    void aFailingNodeShowsItsErrorAndTheStreamEndsWithTheRun() throws Exception {
        String failing = WorkflowDesign.design()
                .start()
                .node("js", "JavaScript", fixed("code", "function main(input) { throw new Error('no quota'); }"))
                .end(variable("r", "js.result"))
                .chain("start", "js", "end")
                .then(d -> Workflows.publish(api, "moai failing", d));

        List<DebugResult> results = debug("api/workflow/execute", body(failing, JsonValue.EMPTY_JSON_OBJECT));

        DebugResult last = results.get(results.size() - 1);
        assertEquals("js", last.nodeKey());
        assertEquals("error", last.status());
        assertEquals("failed", last.item().getString("state"));
        assertTrue(last.error().contains("no quota"), last.error());
        assertTrue(results.stream().noneMatch(r -> r.nodeKey().equals("end")), "the run stopped at js");
        results.forEach(r -> assertGeneratedClientTypes(r.item()));
    }

    @Test
    void theEditorsBackendNameRunsTooAndRequestErrorsAreClear() throws Exception {
        List<DebugResult> results = debug(
                "api/team/workflowapp/debug_workflow",
                body(app, Json.createObjectBuilder().add("name", "Bo").build()));
        assertEquals(
                "hello Bo",
                results.get(results.size() - 1).output().asJsonObject().getString("answer"));

        Api.Reply otherTeam = refused(Json.createObjectBuilder()
                .add("teamId", teamId + 1_000)
                .add("workflowDefinitionId", app)
                .build());
        assertEquals(404, otherTeam.status(), otherTeam.body());
        assertEquals("APP_NOT_FOUND", otherTeam.code());
        Api.Reply noApp = refused(Json.createObjectBuilder().build());
        assertEquals(400, noApp.status(), noApp.body());
        assertEquals("VALIDATION_ERROR", noApp.code());
        Api.Reply badParameters = refused(Json.createObjectBuilder()
                .add("workflowDefinitionId", app)
                .add("startupParameters", "name=Ada")
                .build());
        assertEquals(400, badParameters.status(), badParameters.body());
    }

    /** A request the page sends that is refused before a run starts: the page shows the status and body. */
    private static Api.Reply refused(JsonObject body) {
        return Api.send(HttpRequest.newBuilder(Api.uri("api/workflow/execute"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + api.key())
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }
}
