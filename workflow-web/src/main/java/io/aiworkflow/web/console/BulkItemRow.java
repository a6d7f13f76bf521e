package io.aiworkflow.web.console;

import io.aiworkflow.engine.bulk.BulkViews.Item;

import java.io.Serializable;

/** An item of a bulk operation as the operation page shows it (a bean: EL reads getters). */
public final class BulkItemRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int seq;
    private final String source;
    private final String instanceId;
    private final String state;
    private final String error;

    BulkItemRow(Item item) {
        this.seq = item.seq();
        this.source = item.sourceInstanceId() != null
                ? item.sourceInstanceId()
                : "row " + item.datasetLine() + " · v" + item.version() + " · #" + item.repetition();
        this.instanceId = item.instanceId();
        this.state = item.state();
        this.error = item.error();
    }

    public int getSeq() {
        return seq;
    }

    public String getSource() {
        return source;
    }

    /** Whether {@link #getSource()} is a run (it links to it). */
    public boolean isSourceRun() {
        return !source.startsWith("row ");
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getState() {
        return state;
    }

    public String getError() {
        return error;
    }

    public String getSeverity() {
        return switch (state) {
            case "SUCCEEDED" -> "success";
            case "FAILED" -> "danger";
            case "RUNNING" -> "info";
            case "CANCELED", "SKIPPED" -> "warning";
            default -> "secondary";
        };
    }
}
