package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A run as FlowGram's task report ({@code IReport}): {@code {id, inputs, outputs, workflowStatus:
 * {status, terminated, startTime, endTime?, timeCost}, reports: {nodeID: NodeReport}, messages:
 * {log, info, debug, error, warning}}}, built from the recorded run and its status report. Nodes
 * that never ran (or were skipped) are absent; a running node's {@code timeCost} grows with the
 * clock; each failed node, and a run that failed without one, is an error message.
 */
final class FlowGramReport {

    private FlowGramReport() {}

    static JsonObject of(Instance run, JsonObject status, Instant now) {
        RunState state = RunState.fromWire(run.state()).orElse(RunState.RUNNING);
        long start = run.startTime().toInstant().toEpochMilli();
        JsonObjectBuilder workflowStatus = Jsons.object()
                .add("status", status(state))
                .add("terminated", state.isEnded())
                .add("startTime", start);
        if (state.isEnded() && run.endTime() != null) {
            long end = run.endTime().toInstant().toEpochMilli();
            workflowStatus.add("endTime", end).add("timeCost", end - start);
        } else {
            workflowStatus.add("timeCost", now.toEpochMilli() - start);
        }

        JsonObjectBuilder reports = Jsons.object();
        JsonArrayBuilder errors = Jsons.array();
        boolean nodeFailed = false;
        for (Map.Entry<String, JsonValue> entry : status.entrySet()) {
            JsonObject node = entry.getValue().asJsonObject();
            String nodeStatus = node.getString("status", "pending");
            if (nodeStatus.equals("pending") || nodeStatus.equals("canceled")) {
                continue; // never ran: FlowGram lists only what ran
            }
            JsonObjectBuilder report = Jsons.object(node);
            if (nodeStatus.equals("processing")) {
                report.add(
                        "timeCost",
                        now.toEpochMilli() - node.getJsonNumber("startTime").longValue());
            }
            reports.add(entry.getKey(), report);
            for (JsonValue snapshot : node.getJsonArray("snapshots")) {
                if (snapshot.asJsonObject().get("error") instanceof JsonString error) {
                    nodeFailed = true;
                    errors.add(message(
                            snapshot.asJsonObject().getString("id") + "-error",
                            error.getString(),
                            entry.getKey(),
                            endOf(node, now)));
                }
            }
        }
        if (!nodeFailed && run.error() != null) {
            long at = run.endTime() == null
                    ? now.toEpochMilli()
                    : run.endTime().toInstant().toEpochMilli();
            errors.add(message(
                    run.id() + "-error", run.error().code() + ": " + run.error().message(), null, at));
        }
        JsonObject outputs =
                state == RunState.COMPLETED && run.result() instanceof JsonObject result ? result : Jsons.EMPTY_OBJECT;
        return Jsons.object()
                .add("id", run.id())
                .add("inputs", run.parameters() instanceof JsonObject p ? p : Jsons.EMPTY_OBJECT)
                .add("outputs", outputs)
                .add("workflowStatus", workflowStatus)
                .add("reports", reports)
                .add(
                        "messages",
                        Jsons.object()
                                .add("log", Jsons.array())
                                .add("info", Jsons.array())
                                .add("debug", Jsons.array())
                                .add("error", errors)
                                .add("warning", Jsons.array()))
                .build();
    }

    /** FlowGram's {@code WorkflowStatus} values. */
    static String status(RunState state) {
        return switch (state) {
            case PENDING, RUNNING, WAITING -> "processing";
            case COMPLETED -> "succeeded";
            case FAILED -> "failed";
            case CANCELED -> "canceled";
        };
    }

    private static long endOf(JsonObject node, Instant now) {
        return node.get("endTime") instanceof JsonNumber end ? end.longValue() : now.toEpochMilli();
    }

    private static JsonObject message(String seed, String text, String nodeId, long timestamp) {
        JsonObjectBuilder m = Jsons.object()
                // the same message keeps its id from one poll to the next
                .add(
                        "id",
                        UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .toString())
                .add("type", "error")
                .add("message", text);
        if (nodeId != null) {
            m.add("nodeID", nodeId);
        }
        return m.add("timestamp", timestamp).build();
    }
}
