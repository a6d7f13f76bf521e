package io.aiworkflow.web.console.graph;

/**
 * How far a node got in one run, as the run page colours it. Only the CSS class is drawn; colours
 * live in console.css so the graph and the timeline share them.
 */
public enum NodeStatus {
    SUCCEEDED, FAILED, SKIPPED, RUNNING, PENDING;

    /** The history's node execution state (Completed, Failed, Skipped); anything else is still open. */
    public static NodeStatus ofExecution(String state) {
        if (state == null) {
            return PENDING;
        }
        return switch (state) {
            case "Completed" -> SUCCEEDED;
            case "Failed" -> FAILED;
            case "Skipped" -> SKIPPED;
            case "Running" -> RUNNING;
            default -> PENDING;
        };
    }

    public String cssClass() {
        return "wf-status-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
