package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.runs.LiveRun;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's events as MoAI's workflow page reads them: one {@code data:} item per node state, with no
 * {@code type}, no {@code id:} and no closing marker (the end of the stream is the end of the run).
 * Each item is {@code {nodeType, nodeKey, nodeName, input, output, state, isSuccess, errorMessage,
 * executedTime}}: {@code running} when a node starts, then {@code completed} or {@code failed} with its
 * inputs and outputs. A run that fails or is canceled past its nodes ends with MoAI's error item
 * ({@code nodeType "Error"}, {@code nodeKey "error"}). Skipped nodes, LLM chunks and waits for a
 * person give no item. The node inputs come from the trace frames' start frames, so the run is
 * started with trace frames.
 */
final class MoaiStreamItems implements SseStreams.Format {

    /** the inputs each open node run started with, by invoke id and loop index */
    private final Map<String, JsonValue> inputs = new HashMap<>();

    private boolean nodeFailed;

    @Override
    public List<SseStreams.Message> messages(LiveRun.Item item) {
        JsonObject event = item.payload();
        if (item.trace()) {
            rememberInputs(event);
            return List.of();
        }
        return switch (event.getString("type", "")) {
            case "node_start" -> List.of(message(node(event, "running", true).add("input", Jsons.EMPTY_OBJECT)));
            case "node_complete" ->
                List.of(message(node(event, "completed", true)
                        .add("input", inputsOf(event))
                        .add("output", event.getOrDefault("output", Jsons.EMPTY_OBJECT))));
            case "node_error" -> {
                nodeFailed = true;
                yield List.of(message(node(event, "failed", false)
                        .add("input", inputsOf(event))
                        .add("errorMessage", errorText(event.getJsonObject("error")))));
            }
            case "workflow_error" ->
                nodeFailed
                        ? List.of()
                        : List.of(message(
                                error(errorText(event.getJsonObject("error")), event.getString("timestamp", ""))));
            default -> List.of();
        };
    }

    @Override
    public SseStreams.Message farewell(String instanceId) {
        return message(error(SseStreams.slowConsumer(instanceId), Instant.now().toString()));
    }

    private void rememberInputs(JsonObject frame) {
        if (!"tracer_workflow".equals(frame.getString("type", ""))
                || !(frame.get("payload") instanceof JsonObject payload)
                || !payload.containsKey("componentId")
                || !"start".equals(payload.getString("status", ""))) {
            return;
        }
        JsonValue loopIndex = payload.getOrDefault("loopIndex", JsonValue.NULL);
        JsonValue given = payload.get("inputs");
        inputs.put(
                payload.getString("invokeId", "") + "#" + loopIndex,
                given instanceof JsonObject ? given : Jsons.EMPTY_OBJECT);
    }

    private JsonValue inputsOf(JsonObject event) {
        String invokeId = event.getString("invokeId", event.getString("nodeKey", ""));
        JsonValue loopIndex = event.getOrDefault("loopIndex", JsonValue.NULL);
        JsonValue found = inputs.remove(invokeId + "#" + loopIndex);
        return found == null ? Jsons.EMPTY_OBJECT : found;
    }

    private static JsonObjectBuilder node(JsonObject event, String state, boolean success) {
        return Jsons.object()
                .add("nodeType", event.getString("nodeType", ""))
                .add("nodeKey", event.getString("nodeKey", ""))
                .add("nodeName", event.getString("nodeName", event.getString("nodeKey", "")))
                .add("output", Jsons.EMPTY_OBJECT)
                .add("state", state)
                .add("isSuccess", success)
                .add("errorMessage", "")
                .add("executedTime", event.getString("timestamp", ""));
    }

    private static JsonObjectBuilder error(String message, String time) {
        return Jsons.object()
                .add("nodeType", "Error")
                .add("nodeKey", "error")
                .add("nodeName", "error")
                .add("input", Jsons.EMPTY_OBJECT)
                .add("output", Jsons.EMPTY_OBJECT)
                .add("state", "failed")
                .add("isSuccess", false)
                .add("errorMessage", message)
                .add("executedTime", time);
    }

    private static String errorText(JsonObject error) {
        if (error == null) {
            return "";
        }
        return error.getString("code", "") + ": " + error.getString("message", "");
    }

    private static SseStreams.Message message(JsonObjectBuilder item) {
        return new SseStreams.Message(-1, item.build().toString());
    }
}
