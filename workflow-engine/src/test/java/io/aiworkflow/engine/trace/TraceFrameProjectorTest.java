package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.catalog.WorkflowCatalog;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import io.aiworkflow.engine.node.builtin.SubWorkflowNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.End;
import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.domain.definition.NodeType.Start;
import static io.aiworkflow.domain.definition.NodeType.SubWorkflow;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace scenarios (basic flow, loop, nested sub-workflow, custom trace, errors) through the real executor. */
class TraceFrameProjectorTest {

    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";

    /** AddComponent example: traces {a, b} and adds; a missing input is reported with traceError, then thrown. */
    static final class AddNode implements NodeBehavior {
        @Override
        public NodeType type() {
            return NodeType.JavaScript;
        }

        @Override
        public NodeOutput run(NodeInput in, NodeContext ctx) {
            for (String name : List.of("a", "b")) {
                if (in.number(name).isEmpty()) {
                    ctx.traceError(Jsons.object()
                            .add("code", -1)
                            .add("message", name + " is not exit")
                            .build());
                    throw new NodeFailure("NODE_ERROR", name + " is not exit");
                }
            }
            double a = in.number("a").get();
            double b = in.number("b").get();
            ctx.trace(Jsons.object().add("a", a).add("b", b).build());
            return NodeOutput.of(Jsons.object().add("output", (long) (a + b)).build());
        }
    }

    private static List<JsonObject> run(Engines engines, FunctionDesign design, String parameters, RecordingSink sink)
            throws Exception {
        engines.run(design, parameters == null ? null : J.obj(parameters), sink);
        for (TraceLevel level : List.of(TraceLevel.STEPS, TraceLevel.FULL)) {
            assertEquals(
                    TraceFrameProjector.project("Traced app", sink.events(), level),
                    readBack(sink.events(), level),
                    "the frames a stored trace reads at " + level);
        }
        return TraceFrameProjector.project("Traced app", sink.events(), TraceLevel.FULL);
    }

    /** The frames of the events as the persisted trace keeps them and reads them back, in two rows. */
    private static List<JsonObject> readBack(List<EngineEvent> events, TraceLevel level) {
        List<TracedEvents.Row> rows = new ArrayList<>();
        int half = events.size() / 2;
        for (List<EngineEvent> part : List.of(events.subList(0, half), events.subList(half, events.size()))) {
            StringBuilder json = new StringBuilder("[");
            part.forEach(e -> TracedEvents.append(e, level, "Traced app", json));
            rows.add(new TracedEvents.Row(level, json.append(']').toString()));
        }
        return TracedEvents.frames(events.get(0).instanceId(), rows);
    }

    private static List<JsonObject> payloads(List<JsonObject> frames, String invokeId) {
        return frames.stream()
                .filter(f -> f.getString("type").equals("tracer_workflow"))
                .map(f -> f.getJsonObject("payload"))
                .filter(p -> p.getString("invokeId").equals(invokeId))
                .toList();
    }

    private static List<String> statuses(List<JsonObject> payloads) {
        return payloads.stream().map(p -> p.getString("status")).toList();
    }

    private static String startTimeOf(RecordingSink sink, String invokeId, int n) {
        return ApiEvents.timestamp(sink.all(NodeStarted.class).stream()
                .filter(s -> s.node().invokeId().equals(invokeId))
                .toList()
                .get(n)
                .timestamp());
    }

    /** Asserts every payload field; {@code endTime} only as "set" or null, times as ISO-8601 UTC. */
    private static void assertPayload(
            JsonObject p,
            String instanceId,
            String startTime,
            boolean ended,
            String inputs,
            String outputs,
            String error,
            String invokeId,
            String parentInvokeId,
            String onInvokeData,
            String key,
            String type,
            String loopNodeId,
            Integer loopIndex,
            String parentNodeId,
            String status) {
        assertEquals(18, p.size(), "exactly the tracer's node fields: " + p.keySet());
        assertEquals(instanceId, p.getString("traceId"));
        assertEquals(instanceId, p.getString("executionId"));
        assertEquals(startTime, p.getString("startTime"));
        assertTrue(p.getString("startTime").matches(ISO_MILLIS), p.getString("startTime"));
        if (ended) {
            assertTrue(p.getString("endTime").matches(ISO_MILLIS), p.toString());
            assertTrue(p.getString("endTime").compareTo(p.getString("startTime")) >= 0, p.toString());
        } else {
            assertEquals(JsonValue.NULL, p.get("endTime"));
        }
        assertEquals(json(inputs), p.get("inputs"), "inputs");
        assertEquals(json(outputs), p.get("outputs"), "outputs");
        assertEquals(json(error), p.get("error"), "error");
        assertEquals(invokeId, p.getString("invokeId"));
        assertEquals(parentInvokeId == null ? JsonValue.NULL : Jsons.string(parentInvokeId), p.get("parentInvokeId"));
        assertEquals(json(onInvokeData), p.get("onInvokeData"), "onInvokeData");
        assertEquals(key, p.getString("componentId"));
        assertEquals(key, p.getString("componentName"), "the tracer names a component by its id");
        assertEquals("app-1", p.getString("workflowId"));
        assertEquals(type, p.getString("componentType"));
        assertEquals(loopNodeId == null ? JsonValue.NULL : Jsons.string(loopNodeId), p.get("loopNodeId"));
        assertEquals(loopIndex == null ? JsonValue.NULL : Jsons.number(loopIndex), p.get("loopIndex"));
        assertEquals(parentNodeId, p.getString("parentNodeId"));
        assertEquals(status, p.getString("status"));
    }

    /** Single-quoted JSON, or already double-quoted JSON (for texts that hold single quotes). */
    private static JsonValue json(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        return text.startsWith("{\"") ? Jsons.parse(text) : J.json(text);
    }

    /** The tracer's error for a component that failed while executing. */
    private static String componentError(String node, String reason) {
        return Jsons.object()
                .add("error_code", 100054)
                .add(
                        "message",
                        "component '" + node + "' execute 'invoke' error, reason='" + reason + "', workflow='app-1'")
                .build()
                .toString();
    }

    @Test
    void basicFlowGivesAStartAndAFinishFramePerNodeAndTheFinalOutput() throws Exception {
        FunctionDesign d = design().start(param("num", "Number", true))
                .node("a", DataProcess, var("a_num", "start.num"))
                .end(var("result", "a.a_num"))
                .chain("start", "a", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, d, "{'num':1}", sink);
            String id = sink.events().get(0).instanceId();

            assertEquals(9, frames.size(), frames.toString());
            assertEquals(
                    List.of(
                            "app-1:start",
                            "start:start",
                            "start:finish",
                            "a:start",
                            "a:finish",
                            "end:start",
                            "end:finish",
                            "app-1:finish"),
                    frames.subList(0, 8).stream()
                            .map(f -> f.getJsonObject("payload"))
                            .map(p -> p.getString("invokeId") + ":" + p.getString("status"))
                            .toList());
            List<JsonObject> a = payloads(frames, "a");
            String aStart = startTimeOf(sink, "a", 0);
            assertPayload(
                    a.get(0),
                    id,
                    aStart,
                    false,
                    "{'a_num':1}",
                    null,
                    null,
                    "a",
                    "start",
                    "[]",
                    "a",
                    "DataProcess",
                    null,
                    null,
                    "",
                    "start");
            assertPayload(
                    a.get(1),
                    id,
                    aStart,
                    true,
                    "{'a_num':1}",
                    "{'a_num':1}",
                    null,
                    "a",
                    "start",
                    "[]",
                    "a",
                    "DataProcess",
                    null,
                    null,
                    "",
                    "finish");
            JsonObject start = payloads(frames, "start").get(0);
            assertEquals("app-1", start.getString("parentInvokeId"), "the first node hangs under the workflow");
            assertEquals("a", payloads(frames, "end").get(0).getString("parentInvokeId"));
            List<JsonObject> workflow = payloads(frames, "app-1");
            JsonObject begun = workflow.get(0);
            assertEquals(15, begun.size(), "the tracer's workflow fields: " + begun.keySet());
            assertEquals("app-1", begun.getString("workflowId"));
            assertEquals("3", begun.getString("workflowVersion"));
            assertEquals("Traced app", begun.getString("workflowName"));
            assertEquals(J.obj("{'num':1}"), begun.get("inputs"), "the run's parameters");
            assertEquals(JsonValue.NULL, begun.get("endTime"));
            assertEquals(id, begun.getString("traceId"));
            assertEquals("", begun.getString("parentNodeId"));
            JsonObject ended = workflow.get(1);
            assertEquals(begun.getString("startTime"), ended.getString("startTime"));
            assertTrue(ended.getString("endTime").matches(ISO_MILLIS), ended.toString());
            assertEquals(J.obj("{'result':1}"), ended.get("outputs"), "the End node's outputs");
            assertEquals(
                    J.obj("{'type':'workflow_final','index':0,'payload':{'result':1}}"),
                    frames.get(8),
                    "the End node's outputs as they are");
        }
    }

    @Test
    void loopBodyFramesCarryLoopInvokeIdsOneBasedIndexesAndChainToThePreviousIteration() throws Exception {
        FunctionDesign d = design().start(param("array", "Array", true))
                .node("loop", ForEach, var("items", "input.array"))
                .node("a", DataProcess, var("output", "loop.item"))
                .node("b", DataProcess, var("output", "loop.item"))
                .node("c", DataProcess, var("output", "loop.item"))
                .end(var("user_var", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "a", "body")
                .edge("a", "b")
                .edge("b", "c")
                .edge("loop", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, d, "{'array':[1,2,3]}", sink);
            String id = sink.events().get(0).instanceId();

            List<JsonObject> a = payloads(frames, "loop.a");
            assertEquals(List.of("start", "finish", "start", "finish", "start", "finish"), statuses(a));
            String third = startTimeOf(sink, "loop.a", 2);
            assertPayload(
                    a.get(4),
                    id,
                    third,
                    false,
                    "{'output':3}",
                    null,
                    null,
                    "loop.a",
                    "loop.c",
                    "[]",
                    "a",
                    "DataProcess",
                    "loop",
                    3,
                    "",
                    "start");
            assertPayload(
                    a.get(5),
                    id,
                    third,
                    true,
                    "{'output':3}",
                    "{'output':3}",
                    null,
                    "loop.a",
                    "loop.c",
                    "[]",
                    "a",
                    "DataProcess",
                    "loop",
                    3,
                    "",
                    "finish");
            assertEquals("loop", a.get(0).getString("parentInvokeId"), "the first iteration follows the loop node");
            assertEquals(1, a.get(0).getInt("loopIndex"));
            assertEquals(
                    List.of(1, 2, 3),
                    payloads(frames, "loop.c").stream()
                            .filter(p -> p.getString("status").equals("finish"))
                            .map(p -> p.getInt("loopIndex"))
                            .toList());
            JsonObject loopFinish = payloads(frames, "loop").get(1);
            assertEquals(JsonValue.NULL, loopFinish.get("loopNodeId"), "the loop node itself is not in a loop");
            assertEquals(J.json("{'results':[{'output':1},{'output':2},{'output':3}]}"), loopFinish.get("outputs"));
        }
    }

    @Test
    void subWorkflowFramesCarryNestedInvokeIdsAndTheSubWorkflowNodeAsParentNode() throws Exception {
        FunctionDesign child = design().node("sub_start", Start, param("a_num", "Number", true))
                .node("sub_a", DataProcess, var("a_num", "sub_start.a_num"))
                .node("sub_end", End, var("result", "sub_a.a_num"))
                .chain("sub_start", "sub_a", "sub_end")
                .build();
        WorkflowCatalog catalog = (teamId, appId) -> Optional.ofNullable(
                Map.of("child", new PublishedWorkflow("child", 1, child)).get(appId));
        FunctionDesign main = design().start(param("num", "Number", true))
                .node("a", SubWorkflow, fixed("appId", "child"), var("a_num", "start.num"))
                .end(var("result", "a.result"))
                .chain("start", "a", "end")
                .build();
        try (Engines engines = new Engines(new SubWorkflowNode(catalog))) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, main, "{'num':1}", sink);
            String id = sink.events().get(0).instanceId();

            List<JsonObject> subA = payloads(frames, "a.sub_a");
            String started = startTimeOf(sink, "a.sub_a", 0);
            assertPayload(
                    subA.get(0),
                    id,
                    started,
                    false,
                    "{'a_num':1}",
                    null,
                    null,
                    "a.sub_a",
                    "a.sub_start",
                    "[]",
                    "sub_a",
                    "DataProcess",
                    null,
                    null,
                    "a",
                    "start");
            assertPayload(
                    subA.get(1),
                    id,
                    started,
                    true,
                    "{'a_num':1}",
                    "{'a_num':1}",
                    null,
                    "a.sub_a",
                    "a.sub_start",
                    "[]",
                    "sub_a",
                    "DataProcess",
                    null,
                    null,
                    "a",
                    "finish");
            assertEquals("", payloads(frames, "a").get(0).getString("parentNodeId"));
            assertEquals(J.json("{'result':1}"), frames.get(frames.size() - 1).get("payload"));
        }
    }

    @Test
    void customTraceDataAccumulatesInRunningFramesAndStaysOnTheFinishFrame() throws Exception {
        FunctionDesign d = design().start(param("a", "Number", false), param("b", "Number", false))
                .node("add", NodeType.JavaScript, var("a", "input.a"), var("b", "input.b"))
                .node("t", TestNode.TYPE, fixed("trace", J.json("{'step':1}")))
                .end(var("result", "add.output"))
                .chain("start", "add", "t", "end")
                .build();
        try (Engines engines = new Engines(new AddNode())) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, d, "{'a':1,'b':2}", sink);
            String id = sink.events().get(0).instanceId();

            List<JsonObject> add = payloads(frames, "add");
            assertEquals(List.of("start", "running", "finish"), statuses(add));
            String started = startTimeOf(sink, "add", 0);
            assertPayload(
                    add.get(0),
                    id,
                    started,
                    false,
                    "{'a':1,'b':2}",
                    null,
                    null,
                    "add",
                    "start",
                    "[]",
                    "add",
                    "JavaScript",
                    null,
                    null,
                    "",
                    "start");
            assertPayload(
                    add.get(1),
                    id,
                    started,
                    false,
                    "{'a':1,'b':2}",
                    null,
                    null,
                    "add",
                    "start",
                    "[{'a':1.0,'b':2.0}]",
                    "add",
                    "JavaScript",
                    null,
                    null,
                    "",
                    "running");
            assertPayload(
                    add.get(2),
                    id,
                    started,
                    true,
                    "{'a':1,'b':2}",
                    "{'output':3}",
                    null,
                    "add",
                    "start",
                    "[{'a':1.0,'b':2.0}]",
                    "add",
                    "JavaScript",
                    null,
                    null,
                    "",
                    "finish");
            assertEquals(List.of("start", "running", "finish"), statuses(payloads(frames, "t")));
            assertEquals(J.json("[{'step':1}]"), payloads(frames, "t").get(2).get("onInvokeData"));
            assertEquals(J.json("{'result':3}"), frames.get(frames.size() - 1).get("payload"));
        }
    }

    @Test
    void aNodeReportingItsErrorGetsItsOwnErrorFrameThenTheTracersComponentError() throws Exception {
        FunctionDesign d = design().start(param("a", "Number", false), param("b", "Number", false))
                .node("add", NodeType.JavaScript, var("a", "input.a"), var("b", "input.b"))
                .end(var("result", "add.output"))
                .chain("start", "add", "end")
                .build();
        try (Engines engines = new Engines(new AddNode())) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, d, "{'b':2}", sink);
            String id = sink.events().get(0).instanceId();

            List<JsonObject> add = payloads(frames, "add");
            assertEquals(List.of("start", "error", "error"), statuses(add));
            String started = startTimeOf(sink, "add", 0);
            assertPayload(
                    add.get(1),
                    id,
                    started,
                    true,
                    "{'a':null,'b':2}",
                    null,
                    "{'error_code':-1,'message':'a is not exit'}",
                    "add",
                    "start",
                    "[]",
                    "add",
                    "JavaScript",
                    null,
                    null,
                    "",
                    "error");
            assertPayload(
                    add.get(2),
                    id,
                    started,
                    true,
                    "{'a':null,'b':2}",
                    null,
                    componentError("add", "NODE_ERROR: a is not exit"),
                    "add",
                    "start",
                    "[]",
                    "add",
                    "JavaScript",
                    null,
                    null,
                    "",
                    "error");
            JsonObject last = frames.get(frames.size() - 1).getJsonObject("payload");
            assertEquals(
                    "app-1:finish",
                    last.getString("invokeId") + ":" + last.getString("status"),
                    "a failed run ends with the workflow's finish frame, as the tracer ends it, and no workflow_final");
        }
    }

    @Test
    void aFailingNodeGetsOneErrorFrameWithTheTracersIntegerCode() throws Exception {
        FunctionDesign d = design().start()
                .node("t", TestNode.TYPE, fixed("failTimes", 1), fixed("failCode", "BOOM"))
                .end()
                .chain("start", "t", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> frames = run(engines, d, null, sink);

            List<JsonObject> t = payloads(frames, "t");
            assertEquals(List.of("start", "error"), statuses(t));
            assertEquals(
                    json(componentError("t", "BOOM: planned failure 1")),
                    t.get(1).get("error"));
            assertTrue(payloads(frames, "end").isEmpty(), "end never ran");
        }
    }

    @Test
    void aRetriedAttemptGoesToInnerErrorAndTheNodeGoesOn() throws Exception {
        FunctionDesign d = design().start()
                .node(
                        "t",
                        TestNode.TYPE,
                        fixed("failTimes", 1),
                        fixed("failCode", "BOOM"),
                        fixedJson("retry", "{'count':1,'backoffMs':1}"))
                .end()
                .chain("start", "t", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            List<JsonObject> t = payloads(run(engines, d, null, sink), "t");

            assertEquals(List.of("start", "error", "finish"), statuses(t));
            JsonObject retried = t.get(1);
            assertEquals(
                    json(componentError("t", "BOOM: planned failure 1")),
                    retried.get("innerError"),
                    "the failed attempt is the inner error");
            assertEquals(JsonValue.NULL, retried.get("error"), "the node has not failed");
            assertEquals(JsonValue.NULL, retried.get("endTime"), "the node goes on");
            JsonObject logged = retried.getJsonArray("onInvokeData").getJsonObject(0);
            assertEquals(retried.get("innerError"), logged.get("inner_error"));
            assertTrue(logged.getString("current_time").matches(ISO_MILLIS), logged.toString());
            assertTrue(!t.get(2).containsKey("innerError"), "later frames no longer carry it: " + t.get(2));
            assertEquals(retried.get("onInvokeData"), t.get(2).get("onInvokeData"), "but its record stays");
        }
    }
}
