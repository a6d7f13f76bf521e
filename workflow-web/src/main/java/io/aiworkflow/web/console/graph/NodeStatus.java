package io.aiworkflow.web.console.graph;

import io.aiworkflow.domain.model.run.NodeRunState;

import java.util.Locale;

/**
 * How far a node got in one run, as the run page colours it. Only the CSS class is drawn; colours
 * live in console.css so the graph and the timeline share them.
 */
public enum NodeStatus {
    SUCCEEDED,
    FAILED,
    SKIPPED,
    RUNNING,
    /** waiting for a person to approve or reject it */
    WAITING,
    PENDING;

    /** The history's node execution state; a node without one has not ended yet. */
    public static NodeStatus ofExecution(String state) {
        return NodeRunState.fromWire(state)
                .map(s -> switch (s) {
                    case COMPLETED -> SUCCEEDED;
                    case FAILED -> FAILED;
                    case SKIPPED -> SKIPPED;
                })
                .orElse(PENDING);
    }

    public String cssClass() {
        return "wf-status-" + name().toLowerCase(Locale.ROOT);
    }
}
