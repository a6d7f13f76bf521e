package io.aiworkflow.web.console;

import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.history.WaitingConfirmation;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.web.console.graph.NodeStatus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run drawn on the design it ran: the design's JSON and each node's status in the run. */
final class RunGraph {

    static final String MISSING = "The version that ran is not stored.";

    private RunGraph() {}

    /** The design the run ran: its draft, or its version (also of an app deleted since). */
    static String designJson(Instance run, RecordedDesigns designs) {
        return designs.designJson(run.id(), run.appId(), run.version());
    }

    /** The latest execution of each node wins: a retried or looped node shows how it last ended. */
    static Map<String, NodeStatus> statuses(Instance run) {
        Map<String, NodeStatus> statuses = new HashMap<>();
        for (NodeExecution n : run.nodeExecutions()) {
            statuses.put(n.nodeKey(), NodeStatus.ofExecution(n.state()));
        }
        return statuses;
    }

    static DesignView view(String svgId, Instance run, String designJson) {
        return DesignView.of(svgId, designJson, MISSING, statuses(run));
    }

    /**
     * An active run as it is now: over how its nodes last ended, the nodes started and not yet
     * ended (from its recorded events) are running, and those waiting for a person are waiting.
     */
    static DesignView live(String svgId, Instance run, String designJson, List<StoredEvent> events) {
        Map<String, NodeStatus> statuses = statuses(run);
        Map<String, String> started = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            String type = e.payload().getString("type", "");
            String nodeKey = e.payload().getString("nodeKey", null);
            String invokeId = e.payload().getString("invokeId", nodeKey);
            if (nodeKey == null) {
                continue;
            }
            if ("node_start".equals(type)) {
                started.put(invokeId, nodeKey);
            } else if ("node_complete".equals(type) || "node_error".equals(type) || "node_skipped".equals(type)) {
                started.remove(invokeId);
            }
        }
        started.values().forEach(nodeKey -> statuses.put(nodeKey, NodeStatus.RUNNING));
        WaitingConfirmation.of(events).forEach(w -> statuses.put(w.nodeKey(), NodeStatus.WAITING));
        return DesignView.of(svgId, designJson, MISSING, statuses);
    }
}
