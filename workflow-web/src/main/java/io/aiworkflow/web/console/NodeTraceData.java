package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The custom trace data nodes reported ({@code trace(data)}, the trace frames' {@code onInvokeData}) per node
 * execution, from a run's persisted trace frames. A node's closing frame (finish or error) carries all
 * of its data; nodes in a loop share an invoke id, so their closing frames are taken in order.
 */
final class NodeTraceData {

    private final Map<String, Deque<JsonArray>> byInvokeId = new HashMap<>();

    private NodeTraceData() {}

    /** {@code trace}: the {@code {instanceId, frames}} the trace endpoint returns. */
    static NodeTraceData of(JsonObject trace) {
        NodeTraceData data = new NodeTraceData();
        for (JsonValue value : trace.getJsonArray("frames")) {
            JsonObject frame = value.asJsonObject();
            if (!"tracer_workflow".equals(frame.getString("type", ""))
                    || !(frame.get("payload") instanceof JsonObject payload)
                    || !payload.containsKey("componentId")) {
                continue; // the workflow's own frames and workflow_final describe no node
            }
            String status = payload.getString("status", "");
            // a retried attempt's error frame does not close the node: only the final one has an end time
            boolean closing =
                    "finish".equals(status) || ("error".equals(status) && payload.get("endTime") instanceof JsonString);
            if (closing) {
                // trace level steps keeps no payloads (null), full may cut them to a truncation marker
                JsonValue reported = payload.get("onInvokeData");
                JsonArray list = reported instanceof JsonArray a
                        ? a
                        : reported instanceof JsonObject o
                                ? Jsons.array().add(o).build()
                                : JsonValue.EMPTY_JSON_ARRAY;
                data.byInvokeId
                        .computeIfAbsent(payload.getString("invokeId", ""), k -> new ArrayDeque<>())
                        .add(list);
            }
        }
        return data;
    }

    /** The next execution's data for this invoke id, or null when it reported none. */
    JsonArray next(String invokeId) {
        Deque<JsonArray> queue = byInvokeId.get(invokeId);
        JsonArray data = queue == null ? null : queue.poll();
        return data == null || data.isEmpty() ? null : data;
    }
}
