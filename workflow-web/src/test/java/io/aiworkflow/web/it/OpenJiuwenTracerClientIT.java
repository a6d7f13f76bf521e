package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the trace frames as openJiuwen agent-core's own tracer tests read its frames
 * ({@code tests/unit_tests/core/session/tracer/test_workflow_tracer.py}): frames of type
 * {@code tracer_workflow}, each payload read with {@code .get} for {@code invokeId}, {@code status},
 * {@code inputs}, {@code outputs}, {@code workflowId}, {@code componentId}, plus
 * {@code workflowVersion}/{@code workflowName} on the workflow's frames, {@code parentInvokeId},
 * {@code error.error_code} (an integer) and the final {@code workflow_final} output, as its
 * {@code workflow.py} yields it: the End node's outputs.
 */
class OpenJiuwenTracerClientIT {

    private static final Api api = Api.admin();

    private static List<JsonObject> traced(String path, JsonObject body) {
        SseClient.Stream stream =
                SseClient.read(SseClient.post(path, body, api.key()).build(), 200);
        assertEquals(200, stream.status(), stream.errorBody());
        return stream.events().stream()
                .map(SseClient.Event::data)
                .filter(d -> d.getString("type").equals("tracer_workflow")
                        || d.getString("type").equals("workflow_final"))
                .toList();
    }

    private static JsonObject run(String app, JsonObject parameters) {
        return Json.createObjectBuilder()
                .add("appId", app)
                .add("parameters", parameters)
                .add("streamModes", "trace")
                .build();
    }

    /** The keys the tracer's test reads of every frame with {@code .get}. */
    private static final List<String> READ = List.of("invokeId", "status", "inputs", "outputs", "workflowId");

    @Test
    void aWorkflowIsTracedAsItsTracerTracesOne() {
        String name = "jiuwen traced";
        String app = WorkflowDesign.design()
                .start(param("query", "String", true))
                .node("a", "DataProcess", template("text", "{{input.query}}!"))
                .end(variable("output", "a.text"))
                .chain("start", "a", "end")
                .then(d -> Workflows.publish(api, name, d));

        List<JsonObject> frames = traced(
                "api/app/workflow/execute",
                run(app, Json.createObjectBuilder().add("query", "hi").build()));

        JsonObject first = frames.get(0).getJsonObject("payload");
        assertEquals(app, first.getString("invokeId"), "the workflow's own frame comes first");
        assertEquals("start", first.getString("status"));
        assertEquals(app, first.getString("workflowId"));
        assertEquals("1", first.getString("workflowVersion"));
        assertEquals(name, first.getString("workflowName"));
        assertEquals(Json.createObjectBuilder().add("query", "hi").build(), first.get("inputs"));
        JsonObject start = frames.get(1).getJsonObject("payload");
        assertEquals("start", start.getString("componentId"));
        assertEquals(app, start.getString("parentInvokeId"), "the first node hangs under the workflow");
        frames.subList(1, frames.size() - 2).forEach(f -> {
            JsonObject p = f.getJsonObject("payload");
            assertTrue(p.keySet().containsAll(READ), p.keySet().toString());
            assertEquals(app, p.getString("workflowId"), "every node frame names its workflow");
            assertEquals(p.getString("componentId"), p.getString("componentName"), "the component's id");
        });
        JsonObject last = frames.get(frames.size() - 2).getJsonObject("payload");
        assertEquals(app, last.getString("invokeId"));
        assertEquals("finish", last.getString("status"));
        JsonObject finalFrame = frames.get(frames.size() - 1);
        assertEquals("workflow_final", finalFrame.getString("type"));
        assertEquals(
                Json.createObjectBuilder().add("output", "hi!").build(),
                finalFrame.get("payload"),
                "workflow_final carries the End node's outputs as they are");
        assertEquals(finalFrame.get("payload"), last.get("outputs"));
    }

    @Test
    void errorsCarryIntegerCodesAndAWaitIsInterrupted() throws Exception {
        String failing = WorkflowDesign.design()
                .start()
                .node("js", "JavaScript", fixed("code", "function main(input) { throw new Error('boom'); }"))
                .end(variable("r", "js.result"))
                .chain("start", "js", "end")
                .then(d -> Workflows.publish(api, "jiuwen failing", d));

        List<JsonObject> frames = traced("api/app/workflow/execute", run(failing, JsonValue.EMPTY_JSON_OBJECT));

        JsonObject error = frames.stream()
                .map(f -> f.getJsonObject("payload"))
                .filter(p -> "error".equals(p.getString("status")))
                .findFirst()
                .orElseThrow()
                .getJsonObject("error");
        assertTrue(error.get("error_code") instanceof JsonNumber code && code.isIntegral(), error.toString());
        assertEquals(100054, error.getInt("error_code"));
        assertTrue(error.getString("message").startsWith("component 'js' execute 'invoke' error"), error.toString());
        assertEquals(
                "finish",
                frames.get(frames.size() - 1).getJsonObject("payload").getString("status"),
                "the tracer finishes a failed workflow too");

        String waiting = WorkflowDesign.design()
                .start()
                .node("ask", "DataProcess", template("text", "ok?"), fixed("needHumanConfirm", JsonValue.TRUE))
                .end(variable("text", "ask.text"))
                .chain("start", "ask", "end")
                .then(d -> Workflows.publish(api, "jiuwen waiting", d));
        String id = api.post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder().add("appId", waiting).build())
                .json()
                .getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");
        long deadline = System.currentTimeMillis() + 10_000;
        boolean interrupted = false;
        while (!interrupted && System.currentTimeMillis() < deadline) {
            interrupted = api.get("api/app/workflow/instance/" + id + "/trace").json().getJsonArray("frames").stream()
                    .map(JsonValue::asJsonObject)
                    .map(f -> f.getJsonObject("payload"))
                    .anyMatch(p -> "ask".equals(p.getString("componentId", ""))
                            && "interrupted".equals(p.getString("status")));
            Thread.sleep(100);
        }
        assertTrue(interrupted, "a node waiting for a person sends an interrupted frame");
        api.post("api/app/workflow/instance/" + id + "/cancel", null); // leave nothing waiting
    }
}
