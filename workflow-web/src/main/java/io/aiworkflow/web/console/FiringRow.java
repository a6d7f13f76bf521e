package io.aiworkflow.web.console;

import io.aiworkflow.engine.schedule.ScheduleViews.Firing;

import java.io.Serializable;

/** One scheduled time's record in the console (a bean: EL reads getters). */
public final class FiringRow implements Serializable {

    private static final long serialVersionUID = 1L;
    private final String scheduledTime;
    private final String state;
    private final String kind;
    private final String instanceId;
    private final String bulkOperationId;
    private final String firedAt;
    private final String reason;

    FiringRow(Firing f) {
        this.scheduledTime = f.scheduledTimeLocal();
        this.state = f.state();
        this.kind = f.kind();
        this.instanceId = f.instanceId();
        this.bulkOperationId = f.bulkOperationId();
        this.firedAt = f.firedAt() == null ? "" : ConsoleTimes.format(f.firedAt());
        this.reason = f.reason();
    }

    /** The tag's colour: green fired, red failed to start, amber anything that did not run. */
    public String getSeverity() {
        return switch (state) {
            case "FIRED" -> "success";
            case "FAILED_TO_START" -> "danger";
            case "STARTING", "BUFFERED" -> "info";
            default -> "warning";
        };
    }

    public String getScheduledTime() {
        return scheduledTime;
    }

    public String getState() {
        return state;
    }

    public String getKind() {
        return kind;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getBulkOperationId() {
        return bulkOperationId;
    }

    public String getFiredAt() {
        return firedAt;
    }

    public String getReason() {
        return reason;
    }
}
