package io.aiworkflow.engine.history;

import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node a run waits at for a person, read from the run's recorded events: a
 * {@code workflow_waiting} not yet followed by that node starting or failing.
 *
 * @param assignees who may answer (usernames, {@code key:<name>}); null when the node names none
 * @param inputs    what the node would run with
 * @param since     when it began to wait, if the event says
 */
public record WaitingConfirmation(
        String nodeKey, String nodeName, JsonArray assignees, JsonValue inputs, OffsetDateTime since) {

    public static List<WaitingConfirmation> of(List<StoredEvent> events) {
        Map<String, WaitingConfirmation> waiting = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            JsonObject p = e.payload();
            String type = p.getString("type", "");
            String key = p.getString("invokeId", p.getString("nodeKey", ""));
            if ("workflow_waiting".equals(type)) {
                JsonArray assignees = p.get("assignees") instanceof JsonArray a && !a.isEmpty() ? a : null;
                waiting.put(
                        key,
                        new WaitingConfirmation(
                                p.getString("nodeKey", key),
                                p.getString("nodeName", key),
                                assignees,
                                p.get("inputs"),
                                since(p)));
            } else if ("node_start".equals(type) || "node_error".equals(type)) {
                waiting.remove(key);
            }
        }
        return new ArrayList<>(waiting.values());
    }

    private static OffsetDateTime since(JsonObject p) {
        try {
            return p.containsKey("timestamp") ? OffsetDateTime.parse(p.getString("timestamp")) : null;
        } catch (RuntimeException notATime) {
            return null;
        }
    }
}
