package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import io.aiworkflow.web.console.graph.NodeStatus;
import jakarta.json.JsonArray;

import java.io.Serializable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One node execution of a run: its data as pretty JSON for the expandable table, and its place on
 * the timeline as percentages of the run's span (so the bars are plain CSS, no chart library).
 */
public class NodeRunRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String rowKey;
    private final String nodeKey;
    private final String nodeName;
    private final String nodeType;
    private final String state;
    private final NodeStatus status;
    private final String started;
    private final String duration;
    private final int attempt;
    private final String branch;
    /** the loop iterations it ran in ("2", "2.3"); empty outside loops */
    private final String iteration;

    private final String input;
    private final String output;
    private final String error;
    private final String tokens;
    private final String traceData;
    private final String offset;
    private final String width;
    /** in a replay: the node execution whose outcome this row restored */
    private final String reusedFrom;

    private final boolean topLevel;

    private NodeRunRow(int index, NodeExecution n, OffsetDateTime runStart, long spanMs, JsonArray trace) {
        this.rowKey = n.invokeId() == null ? String.valueOf(index) : n.invokeId();
        this.reusedFrom = n.reusedFrom();
        this.topLevel = n.invokeId() == null || n.invokeId().equals(n.nodeKey());
        this.nodeKey = n.nodeKey();
        this.nodeName = n.nodeName();
        this.nodeType = n.nodeType();
        this.state = n.state();
        this.status = NodeStatus.ofExecution(n.state());
        this.started = ConsoleTimes.format(n.startTime());
        this.duration = n.duration() == null ? "" : RunRow.millis(n.duration());
        this.attempt = n.attempt();
        this.branch = n.branch();
        this.iteration = n.iteration() == null ? "" : n.iteration();
        this.input = ConsoleJson.pretty(n.input());
        this.output = ConsoleJson.pretty(n.output());
        this.error = n.error() == null
                ? ""
                : ConsoleJson.pretty(Jsons.object()
                        .add("code", String.valueOf(n.error().code()))
                        .add("message", String.valueOf(n.error().message()))
                        .build());
        Tokens t = n.tokens();
        this.tokens = t == null || t.totalTokens() + t.embeddingTokens() == 0
                ? ""
                : ConsoleJson.pretty(Jsons.object()
                        .add("promptTokens", t.promptTokens())
                        .add("completionTokens", t.completionTokens())
                        .add("totalTokens", t.totalTokens())
                        .add("embeddingTokens", t.embeddingTokens())
                        .add("rerankTokens", t.rerankTokens())
                        .build());
        this.traceData = ConsoleJson.pretty(trace);
        long from = n.startTime() == null || runStart == null
                ? 0
                : Duration.between(runStart, n.startTime()).toMillis();
        long length = n.duration() != null
                ? n.duration()
                : n.startTime() != null && n.endTime() != null
                        ? Duration.between(n.startTime(), n.endTime()).toMillis()
                        : 0;
        double left = clamp(100.0 * from / spanMs, 0, 100);
        this.offset = percent(left);
        // a bar of at least a sliver, so instant nodes (Start, End) are still visible
        this.width = percent(clamp(100.0 * length / spanMs, 0.6, 100 - left));
    }

    /**
     * The run's executions in history order, each with the trace data it reported; a running run's
     * span ends now.
     */
    static List<NodeRunRow> of(Instance run, NodeTraceData traces) {
        OffsetDateTime start = run.startTime();
        long span = run.duration() != null
                ? run.duration()
                : start == null
                        ? 1
                        : Duration.between(start, OffsetDateTime.now()).toMillis();
        List<NodeRunRow> rows = new ArrayList<>();
        List<NodeExecution> executions = run.nodeExecutions() == null ? List.of() : run.nodeExecutions();
        for (int i = 0; i < executions.size(); i++) {
            NodeExecution n = executions.get(i);
            rows.add(new NodeRunRow(
                    i, n, start, Math.max(span, 1), n.invokeId() == null ? null : traces.next(n.invokeId())));
        }
        return rows;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(value, Math.max(min, max)));
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    /** Pretty JSON of the node's own trace data ({@code trace(data)} calls), empty when it reported none. */
    public String getTraceData() {
        return traceData;
    }

    public String getReusedFrom() {
        return reusedFrom;
    }

    /** A node of the run's own graph (not of a loop body or sub-workflow): a replay may start from it. */
    public boolean isTopLevel() {
        return topLevel;
    }

    public String getRowKey() {
        return rowKey;
    }

    public String getNodeKey() {
        return nodeKey;
    }

    public String getNodeName() {
        return nodeName;
    }

    public String getNodeType() {
        return nodeType;
    }

    public String getState() {
        return state;
    }

    public NodeStatus getStatus() {
        return status;
    }

    public String getStatusClass() {
        return status.cssClass();
    }

    public String getStarted() {
        return started;
    }

    public String getDuration() {
        return duration;
    }

    public int getAttempt() {
        return attempt;
    }

    public String getIteration() {
        return iteration;
    }

    public String getBranch() {
        return branch;
    }

    public String getInput() {
        return input;
    }

    public String getOutput() {
        return output;
    }

    public String getError() {
        return error;
    }

    public String getTokens() {
        return tokens;
    }

    public String getOffset() {
        return offset;
    }

    public String getWidth() {
        return width;
    }
}
