package io.aiworkflow.web.console;

import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.web.console.graph.NodeStatus;

import java.util.HashMap;
import java.util.Map;

/** A run drawn on the design it ran: the design's JSON and each node's status in the run. */
final class RunGraph {

    static final String MISSING = "The version that ran is not stored.";

    private RunGraph() {}

    /** The design the run ran: an unsaved draft's own, else its version's. */
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
}
