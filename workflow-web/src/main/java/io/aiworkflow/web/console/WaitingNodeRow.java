package io.aiworkflow.web.console;

import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.history.WaitingConfirmation;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import java.io.Serializable;
import java.util.List;
import java.util.function.Predicate;

/**
 * A node the run waits at for a person ({@link WaitingConfirmation}), as its page shows it: the
 * inputs it would run with can be edited before approving.
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
        return WaitingConfirmation.of(events).stream()
                .map(w -> new WaitingNodeRow(
                        w.nodeKey(),
                        w.nodeName(),
                        w.assignees() == null
                                ? ""
                                : w.assignees()
                                        .getValuesAs(JsonString::getString)
                                        .toString(),
                        mayAnswer.test(w.assignees()),
                        ConsoleJson.pretty(w.inputs())))
                .toList();
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
