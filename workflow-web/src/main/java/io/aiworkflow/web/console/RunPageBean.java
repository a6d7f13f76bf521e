package io.aiworkflow.web.console;

import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.web.console.graph.NodeStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run: header, the graph of the version that ran coloured by node status, timeline, node
 * executions, and Cancel. The page polls {@link #refresh} while the run is active; the history is
 * the source, so what the page shows is what the API's instance endpoint returns.
 */
@Named
@ViewScoped
public class RunPageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private InstanceStore instances;

    @Inject
    private RunService runs;

    @Inject
    private DefinitionService definitions;

    @Inject
    private AppService apps;

    @Inject
    private ConsoleUser user;

    private String id;
    private RunRow run;
    private DesignView graph;
    private List<NodeRunRow> nodes = List.of();
    /** A published version never changes: read it (and the app name) once per view, not per poll. */
    private String designJson;
    private String appName;

    public void load() {
        refresh();
    }

    public void refresh() {
        try {
            Instance instance = instances.get(user.caller(), id);
            if (designJson == null) {
                designJson = definitions.version(user.caller(), instance.appId(), instance.version()).functionDesign();
                appName = apps.get(user.caller(), instance.appId()).name();
            }
            run = new RunRow(instance, appName);
            nodes = NodeRunRow.of(instance);
            graph = DesignView.of("runGraph", designJson, "The version that ran is not stored.", statuses(instance));
        } catch (RuntimeException e) {
            if (run == null) {
                graph = null;
            }
            ConsoleMessages.failure(e);
        }
    }

    /** The latest execution of each node wins: a retried or looped node shows how it last ended. */
    private static Map<String, NodeStatus> statuses(Instance instance) {
        Map<String, NodeStatus> statuses = new HashMap<>();
        for (NodeExecution n : instance.nodeExecutions()) {
            statuses.put(n.nodeKey(), NodeStatus.ofExecution(n.state()));
        }
        return statuses;
    }

    public void cancel() {
        try {
            runs.cancel(user.caller(), id);
            ConsoleMessages.info("Cancel requested");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        refresh();
    }

    /** Polling stops once this turns false (the poll's {@code stop}). */
    public boolean isActive() {
        return run != null && run.isActive();
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public RunRow getRun() {
        return run;
    }

    public DesignView getGraph() {
        return graph;
    }

    public List<NodeRunRow> getNodes() {
        return nodes;
    }
}
