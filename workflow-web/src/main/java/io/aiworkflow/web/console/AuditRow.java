package io.aiworkflow.web.console;

import io.aiworkflow.engine.audit.AuditEntry;

import java.io.Serializable;

/** One audit entry as the audit page shows it (a JavaBean for EL). */
public class AuditRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String time;
    private final String actor;
    private final String action;
    private final String target;
    private final String details;
    private final String address;

    AuditRow(AuditEntry e) {
        this.id = e.id();
        this.time = ConsoleTimes.format(e.time());
        this.actor = e.actor();
        this.action = e.action();
        this.target = e.target() == null ? "" : e.target();
        this.details = e.details() == null ? "" : e.details();
        this.address = e.address() == null ? "" : e.address();
    }

    public String getKey() {
        return Long.toString(id);
    }

    public String getTime() {
        return time;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    /** The run's id when the entry is about a run (the page links it), else empty. */
    public String getRunId() {
        return target.startsWith("run:") ? target.substring(4) : "";
    }

    /** The schedule's id when the entry is about a schedule, else empty. */
    public String getScheduleId() {
        return target.startsWith("schedule:") ? target.substring(9) : "";
    }

    public String getDetails() {
        return details;
    }

    public String getAddress() {
        return address;
    }

    /** Failed sign-ins stand out. */
    public String getSeverity() {
        return action.endsWith(".failed")
                ? "danger"
                : action.startsWith("login") || "logout".equals(action) ? "info" : null;
    }
}
