package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trace frames: on the SSE stream with streamModes=trace, and persisted behind the trace endpoint. */
class TraceIT {

    private static final Api api = Api.admin();
    private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";
    private static String basicApp;
    private static String loopApp;

    @BeforeAll
    static void setUp() {
        basicApp = WorkflowDesign.design()
                .node("start", "Start", param("num", "Number", true))
                .node("a", "DataProcess", variable("a_num", "start.num"))
                .node("end", "End", variable("result", "a.a_num"))
                .connect("start", "a")
                .connect("a", "end")
                .then(built -> Workflows.publish(api, "trace basic", built));
        loopApp = WorkflowDesign.design()
                .node("start", "Start", param("array", "Array", true))
                .node("each", "ForEach", variable("items", "input.array"))
                .node("a", "DataProcess", variable("output", "loop.item"))
                .node("end", "End", variable("user_var", "each.results"))
                .connect("start", "each")
                .connect("each", "a", "body")
                .connect("each", "end")
                .then(built -> Workflows.publish(api, "trace loop", built));
    }

    private static JsonObject execute(String appId, String parameters, JsonValue streamModes) {
        var b = Json.createObjectBuilder()
                .add("appId", appId)
                .add(
                        "parameters",
                        Json.createReader(new StringReader(parameters)).readObject());
        if (streamModes != null) {
            b.add("streamModes", streamModes);
        }
        return b.build();
    }

    private static String label(SseClient.Event e) {
        JsonObject d = e.data();
        return switch (d.getString("type")) {
            case "tracer_workflow" ->
                "trace " + d.getJsonObject("payload").getString("invokeId") + " "
                        + d.getJsonObject("payload").getString("status");
            case "workflow_final" -> "workflow_final";
            default -> d.getString("type") + (d.containsKey("nodeKey") ? " " + d.getString("nodeKey") : "");
        };
    }

    private static boolean isFrame(JsonObject data) {
        return data.getString("type").equals("tracer_workflow")
                || data.getString("type").equals("workflow_final");
    }

    @Test
    void theStreamInterleavesTraceFramesWithTheEventsAndTheTraceEndpointReturnsTheSameFrames() {
        SseClient.Stream stream = SseClient.read(
                SseClient.post(
                                "api/app/workflow/execute",
                                execute(
                                        basicApp,
                                        "{\"num\":1}",
                                        Json.createArrayBuilder().add("trace").build()),
                                api.key())
                        .build(),
                100);
        assertEquals(200, stream.status(), stream.errorBody());
        assertEquals(
                List.of(
                        "trace " + basicApp + " start",
                        "trace start start",
                        "node_start start",
                        "trace start finish",
                        "node_complete start",
                        "trace a start",
                        "node_start a",
                        "trace a finish",
                        "node_complete a",
                        "trace end start",
                        "node_start end",
                        "trace end finish",
                        "node_complete end",
                        "trace " + basicApp + " finish",
                        "workflow_final",
                        "workflow_complete"),
                stream.events().stream().map(TraceIT::label).toList());
        List<SseClient.Event> events = stream.events();
        for (int i = 1; i < events.size(); i++) {
            if (isFrame(events.get(i).data())) {
                int next = i;
                while (isFrame(events.get(next).data())) {
                    next++;
                }
                assertEquals(
                        events.get(i).id(),
                        events.get(next).id(),
                        "a frame carries the id of the engine event that produced it: " + label(events.get(i)));
            }
        }
        assertTrue(
                events.get(0).id() < events.get(1).id(),
                "the workflow's start frame has the run's start to itself (it has no API event)");
        String instanceId = stream.events().get(2).data().getString("instanceId");

        JsonObject aStart = stream.events().get(5).data().getJsonObject("payload");
        JsonObject aFinish = stream.events().get(7).data().getJsonObject("payload");
        assertEquals(18, aStart.size(), aStart.keySet().toString());
        for (JsonObject p : List.of(aStart, aFinish)) {
            assertEquals(instanceId, p.getString("traceId"));
            assertEquals(instanceId, p.getString("executionId"));
            assertTrue(p.getString("startTime").matches(ISO), p.toString());
            assertEquals(Json.createObjectBuilder().add("a_num", 1).build(), p.getJsonObject("inputs"));
            assertEquals(JsonValue.NULL, p.get("error"));
            assertEquals("a", p.getString("invokeId"));
            assertEquals("start", p.getString("parentInvokeId"));
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, p.getJsonArray("onInvokeData"));
            assertEquals("a", p.getString("componentId"));
            assertEquals("a", p.getString("componentName"), "the tracer names a component by its id");
            assertEquals(basicApp, p.getString("workflowId"));
            assertEquals("DataProcess", p.getString("componentType"));
            assertEquals(JsonValue.NULL, p.get("loopNodeId"));
            assertEquals(JsonValue.NULL, p.get("loopIndex"));
            assertEquals("", p.getString("parentNodeId"));
        }
        assertEquals(aStart.getString("startTime"), aFinish.getString("startTime"));
        assertEquals(JsonValue.NULL, aStart.get("endTime"));
        assertEquals(JsonValue.NULL, aStart.get("outputs"));
        assertEquals("start", aStart.getString("status"));
        assertTrue(aFinish.getString("endTime").matches(ISO), aFinish.toString());
        assertEquals(Json.createObjectBuilder().add("a_num", 1).build(), aFinish.getJsonObject("outputs"));
        assertEquals("finish", aFinish.getString("status"));
        JsonObject workflow = stream.events().get(0).data().getJsonObject("payload");
        assertEquals(basicApp, workflow.getString("invokeId"));
        assertEquals(basicApp, workflow.getString("workflowId"));
        assertEquals("1", workflow.getString("workflowVersion"));
        assertEquals("trace basic", workflow.getString("workflowName"), "the app's name");
        assertEquals(JsonValue.NULL, workflow.get("parentInvokeId"));
        assertEquals(
                basicApp,
                stream.events().get(1).data().getJsonObject("payload").getString("parentInvokeId"),
                "the first node hangs under the workflow's frame");
        assertEquals(
                Json.createObjectBuilder().add("result", 1).build(),
                stream.events().get(13).data().getJsonObject("payload").get("outputs"),
                "the workflow's finish frame carries the End node's outputs");
        assertEquals(
                Json.createObjectBuilder()
                        .add("type", "workflow_final")
                        .add("index", 0)
                        .add("payload", Json.createObjectBuilder().add("result", 1))
                        .build(),
                stream.events().get(14).data());

        Api.Reply trace = api.get("api/app/workflow/instance/" + instanceId + "/trace");
        assertEquals(200, trace.status(), trace.body());
        assertEquals(instanceId, trace.json().getString("instanceId"));
        List<JsonObject> streamed = stream.events().stream()
                .map(SseClient.Event::data)
                .filter(TraceIT::isFrame)
                .toList();
        assertEquals(streamed, trace.json().getJsonArray("frames").getValuesAs(JsonObject.class));
    }

    @Test
    void streamModesAsQueryParameterOrStringAndWithoutTraceNoFrames() {
        SseClient.Stream query = SseClient.read(
                SseClient.post(
                                "api/app/workflow/execute?streamModes=trace",
                                execute(basicApp, "{\"num\":2}", null),
                                api.key())
                        .build(),
                100);
        assertEquals(16, query.events().size(), query.events().toString());
        SseClient.Stream text = SseClient.read(
                SseClient.post(
                                "api/app/workflow/execute",
                                execute(basicApp, "{\"num\":2}", Json.createValue("trace")),
                                api.key())
                        .build(),
                100);
        assertEquals(9, text.events().stream().filter(e -> isFrame(e.data())).count());
        SseClient.Stream plain = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute(basicApp, "{\"num\":2}", null), api.key())
                        .build(),
                100);
        assertEquals(7, plain.events().size());
        assertTrue(plain.events().stream().noneMatch(e -> isFrame(e.data())));
        String id = plain.events().get(0).data().getString("instanceId");
        assertEquals(
                9,
                api.get("api/app/workflow/instance/" + id + "/trace")
                        .json()
                        .getJsonArray("frames")
                        .size(),
                "frames are persisted for every run");
        assertEquals(
                400,
                SseClient.read(
                                SseClient.post(
                                                "api/app/workflow/execute",
                                                execute(basicApp, "{\"num\":2}", Json.createValue(3)),
                                                api.key())
                                        .build(),
                                10)
                        .status());
    }

    @Test
    void loopFramesCarryLoopInvokeIdsAndOneBasedIndexes() {
        Api.Reply run = api.post("api/app/workflow/execute", execute(loopApp, "{\"array\":[1,2,3]}", null));
        assertEquals(200, run.status(), run.body());
        String id = run.json().getString("id");
        List<JsonObject> frames = api.get("api/app/workflow/instance/" + id + "/trace")
                .json()
                .getJsonArray("frames")
                .getValuesAs(JsonObject.class);
        List<JsonObject> body = frames.stream()
                .filter(f -> f.getString("type").equals("tracer_workflow"))
                .map(f -> f.getJsonObject("payload"))
                .filter(p -> p.getString("invokeId").equals("each.a"))
                .toList();
        assertEquals(6, body.size(), frames.toString());
        assertEquals(
                List.of(1, 1, 2, 2, 3, 3),
                body.stream().map(p -> p.getInt("loopIndex")).toList());
        assertEquals(
                List.of("start", "finish", "start", "finish", "start", "finish"),
                body.stream().map(p -> p.getString("status")).toList());
        assertTrue(body.stream()
                .allMatch(p -> p.getString("loopNodeId").equals("each")
                        && p.getString("componentId").equals("a")
                        && p.getString("parentNodeId").isEmpty()));
        assertEquals("each", body.get(0).getString("parentInvokeId"));
        assertEquals("each.a", body.get(2).getString("parentInvokeId"), "chained to the previous iteration");
        assertEquals(
                Json.createObjectBuilder().add("output", 3).build(), body.get(5).getJsonObject("outputs"));
        JsonObject last = frames.get(frames.size() - 1);
        assertEquals("workflow_final", last.getString("type"));

        Api.Reply status = api.get("api/app/workflow/instance/" + id + "/status");
        assertEquals(200, status.status(), status.body());
        JsonObject report = status.json();
        assertEquals(List.of("start", "each", "a", "end"), List.copyOf(report.keySet()));
        JsonObject a = report.getJsonObject("a");
        assertEquals("a", a.getString("id"));
        assertEquals("succeeded", a.getString("status"));
        assertTrue(a.getBoolean("terminated"));
        assertEquals(3, a.getJsonArray("snapshots").size(), "one snapshot per iteration");
        JsonObject third = a.getJsonArray("snapshots").getJsonObject(2);
        assertEquals("a", third.getString("nodeID"));
        assertEquals(Json.createObjectBuilder().add("output", 3).build(), third.getJsonObject("outputs"));
        long start = a.getJsonNumber("startTime").longValue();
        long end = a.getJsonNumber("endTime").longValue();
        assertTrue(start > 1_600_000_000_000L && end >= start, "epoch milliseconds: " + a);
        assertEquals(end - start, a.getJsonNumber("timeCost").longValue());
        assertEquals(
                404,
                api.get("api/app/workflow/instance/" + UUID.randomUUID() + "/status")
                        .status());
    }

    @Test
    void theTraceOfAnUnknownOrForeignInstanceIsNotFound() {
        Api.Reply unknown = api.get("api/app/workflow/instance/" + UUID.randomUUID() + "/trace");
        assertEquals(404, unknown.status());
        assertEquals("INSTANCE_NOT_FOUND", unknown.code());
        SseClient.Stream stream = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute(basicApp, "{\"num\":5}", null), api.key())
                        .build(),
                100);
        String id = stream.events().get(0).data().getString("instanceId");
        Api.Reply team = api.post(
                "api/admin/teams",
                Json.createObjectBuilder()
                        .add("name", "Team " + UUID.randomUUID())
                        .build());
        Api other = SecurityIT.key(api, team.json().getJsonNumber("teamId").longValue(), "viewer");
        Api.Reply foreign = other.get("api/app/workflow/instance/" + id + "/trace");
        assertEquals(404, foreign.status());
        assertEquals("INSTANCE_NOT_FOUND", foreign.code());
    }

    @Test
    void theAppsTraceLevelDecidesWhatTracesKeep() {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("num", "Number", true))
                .node("a", "DataProcess", variable("a_num", "start.num"))
                .node("end", "End", variable("result", "a.a_num"))
                .connect("start", "a")
                .connect("a", "end")
                .then(built -> Workflows.publish(api, "trace levels", built));
        Api.Reply steps = api.put(
                "api/app/workflow/definition/" + app,
                Json.createObjectBuilder().add("traceLevel", "steps").build());
        assertEquals("steps", steps.json().getString("traceLevel"), steps.body());
        String id = api.post("api/app/workflow/execute", execute(app, "{\"num\": 7}", null))
                .json()
                .getString("id");
        var frames =
                api.get("api/app/workflow/instance/" + id + "/trace").json().getJsonArray("frames");
        assertTrue(frames.size() >= 6, frames.toString());
        var finish = frames.stream()
                .map(JsonValue::asJsonObject)
                .filter(f -> f.getString("type").equals("tracer_workflow"))
                .map(f -> f.getJsonObject("payload"))
                .filter(p -> p.getString("status").equals("finish"))
                .findFirst()
                .orElseThrow();
        assertEquals(JsonValue.NULL, finish.get("outputs"), "steps keeps no payloads");
        assertEquals(
                7,
                api.get("api/app/workflow/instance/" + id)
                        .json()
                        .getJsonObject("result")
                        .getInt("result"),
                "the run's own data is complete");

        api.put(
                "api/app/workflow/definition/" + app,
                Json.createObjectBuilder().add("traceLevel", "none").build());
        String quiet = api.post("api/app/workflow/execute", execute(app, "{\"num\": 8}", null))
                .json()
                .getString("id");
        assertEquals(
                0,
                api.get("api/app/workflow/instance/" + quiet + "/trace")
                        .json()
                        .getJsonArray("frames")
                        .size());
        assertEquals(
                400,
                api.put(
                                "api/app/workflow/definition/" + app,
                                Json.createObjectBuilder()
                                        .add("traceLevel", "verbose")
                                        .build())
                        .status());
    }
}
