package io.aiworkflow.engine.status;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.model.run.NodeRunState;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.NodeExecutionIds;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the status report map (nodeKey → {id, status, terminated, startTime, endTime?, timeCost,
 * snapshots}) of one run from its recorded node executions and the design of the version it ran.
 * Pure; the rows come from the history projection. Nodes of sub-workflows are not part of the
 * report (their keys belong to another design); loop body nodes are, with one snapshot per iteration.
 */
public final class StatusReport {

    /** One recorded node execution (a node_execution row). {@code state}: Completed, Failed or Skipped. */
    public record Execution(
            long seq,
            String nodeKey,
            String invokeId,
            String state,
            Instant start,
            Instant end,
            JsonValue inputs,
            JsonValue outputs,
            String errorCode,
            String errorMessage,
            String branch) {}

    private StatusReport() {}

    /**
     * @param started invoke ids of node runs that started (from the recorded node_start events), with
     *                repetitions: a node with more starts than endings is {@code processing}
     */
    public static JsonObject build(
            String instanceId, FunctionDesign design, List<Execution> executions, List<String> started) {
        Set<String> loops = design.nodes().stream()
                .filter(n -> n.type() == NodeType.ForEach)
                .map(NodeDesign::nodeKey)
                .collect(Collectors.toSet());
        Map<String, List<Execution>> byNode = new HashMap<>();
        for (Execution e : executions) {
            if (ownRun(e.invokeId(), e.nodeKey(), loops)) {
                byNode.computeIfAbsent(e.nodeKey(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, Long> startCounts = new HashMap<>();
        for (String invokeId : started) {
            String key = invokeId.substring(invokeId.lastIndexOf('.') + 1);
            if (ownRun(invokeId, key, loops)) {
                startCounts.merge(key, 1L, Long::sum);
            }
        }
        Map<String, JsonObject> report = new LinkedHashMap<>();
        for (NodeDesign node : design.nodes()) {
            report.put(
                    node.nodeKey(),
                    node(
                            instanceId,
                            node.nodeKey(),
                            byNode.getOrDefault(node.nodeKey(), List.of()),
                            startCounts.getOrDefault(node.nodeKey(), 0L)));
        }
        JsonObjectBuilder b = Jsons.object();
        report.forEach(b::add);
        return b.build();
    }

    /** The run belongs to this design's node: top level, or in loops of this design (no sub-workflow prefix). */
    private static boolean ownRun(String invokeId, String nodeKey, Set<String> loops) {
        String[] path = invokeId.split("\\.");
        if (!path[path.length - 1].equals(nodeKey)) {
            return false;
        }
        for (int i = 0; i < path.length - 1; i++) {
            if (!loops.contains(path[i])) {
                return false;
            }
        }
        return true;
    }

    private static JsonObject node(String instanceId, String key, List<Execution> runs, long starts) {
        List<Execution> ran = runs.stream()
                .filter(e -> !NodeRunState.SKIPPED.wire().equals(e.state()))
                .toList();
        String status;
        boolean terminated;
        if (starts > ran.size()) {
            status = "processing";
            terminated = false;
        } else if (ran.isEmpty()) {
            status = runs.isEmpty() ? "pending" : "canceled";
            terminated = !runs.isEmpty();
        } else {
            status = ran.stream().anyMatch(e -> NodeRunState.FAILED.wire().equals(e.state())) ? "failed" : "succeeded";
            terminated = true;
        }
        Long start = ran.stream()
                .map(Execution::start)
                .filter(Objects::nonNull)
                .map(Instant::toEpochMilli)
                .min(Long::compare)
                .orElse(null);
        Long end = terminated
                ? ran.stream()
                        .map(Execution::end)
                        .filter(Objects::nonNull)
                        .map(Instant::toEpochMilli)
                        .max(Long::compare)
                        .orElse(null)
                : null;
        JsonObjectBuilder b = Jsons.object()
                .add("id", key)
                .add("status", status)
                .add("terminated", terminated)
                .add("startTime", start == null ? 0 : start);
        if (end != null) {
            b.add("endTime", end);
        }
        b.add("timeCost", start != null && end != null ? end - start : 0);
        JsonArrayBuilder snapshots = Jsons.array();
        for (Execution e : ran) {
            JsonObjectBuilder s = Jsons.object()
                    .add("id", NodeExecutionIds.of(instanceId, e.seq()))
                    .add("nodeID", key)
                    .add("inputs", e.inputs() == null ? JsonValue.EMPTY_JSON_OBJECT : e.inputs())
                    .add("outputs", e.outputs() == null ? JsonValue.EMPTY_JSON_OBJECT : e.outputs())
                    .add("data", Jsons.object().add("invokeId", e.invokeId()));
            if (e.branch() != null) {
                s.add("branch", e.branch());
            }
            if (e.errorCode() != null) {
                s.add("error", e.errorCode() + (e.errorMessage() == null ? "" : ": " + e.errorMessage()));
            }
            snapshots.add(s);
        }
        return b.add("snapshots", snapshots).build();
    }
}
