package io.aiworkflow.web.console;

import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A node the run waits at for a person, read from the run's recorded events: a
 * {@code workflow_waiting} not yet followed by that node starting or failing. The inputs it would
 * run with can be edited before approving.
 */
public class WaitingNodeRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String nodeKey;
    private final String nodeName;
    private final String assignees;
    /** whether the page's user may answer it (an assignee or an admin; anyone who may write without assignees) */
    private final boolean answerable;

    private String inputs;

    WaitingNodeRow(String nodeKey, String nodeName, String assignees, boolean answerable, String inputs) {
        this.nodeKey = nodeKey;
        this.nodeName = nodeName;
        this.assignees = assignees;
        this.answerable = answerable;
        this.inputs = inputs;
    }

    /** {@code mayAnswer} judges a node's assignees (null when it names none) for the page's user. */
    static List<WaitingNodeRow> of(List<StoredEvent> events, Predicate<JsonArray> mayAnswer) {
        Map<String, WaitingNodeRow> waiting = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            JsonObject p = e.payload();
            String type = p.getString("type", "");
            String key = p.getString("invokeId", p.getString("nodeKey", ""));
            if ("workflow_waiting".equals(type)) {
                JsonArray assignees = p.get("assignees") instanceof JsonArray a && !a.isEmpty() ? a : null;
                waiting.put(
                        key,
                        new WaitingNodeRow(
                                p.getString("nodeKey", key),
                                p.getString("nodeName", key),
                                assignees == null
                                        ? ""
                                        : assignees
                                                .getValuesAs(JsonString::getString)
                                                .toString(),
                                mayAnswer.test(assignees),
                                ConsoleJson.pretty(p.get("inputs"))));
            } else if ("node_start".equals(type) || "node_error".equals(type)) {
                waiting.remove(key);
            }
        }
        return new ArrayList<>(waiting.values());
    }

    public String getNodeKey() {
        return nodeKey;
    }

    public String getNodeName() {
        return nodeName;
    }

    public String getAssignees() {
        return assignees;
    }

    public boolean isAnswerable() {
        return answerable;
    }

    public String getInputs() {
        return inputs;
    }

    public void setInputs(String inputs) {
        this.inputs = inputs;
    }
}
