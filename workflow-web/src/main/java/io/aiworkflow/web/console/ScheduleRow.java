package io.aiworkflow.web.console;

import io.aiworkflow.engine.schedule.ScheduleViews.Schedule;

import java.io.Serializable;

/** One schedule in a console table (a bean: EL reads getters). */
public final class ScheduleRow implements Serializable {

    private static final long serialVersionUID = 1L;
    private final String id;
    private final String appId;
    private final String name;
    private final String when;
    private final String timeZone;
    private final boolean enabled;
    private final String next;
    private final String lastState;
    private final String warning;
    private final String pausedReason;

    ScheduleRow(Schedule s) {
        this.id = s.id();
        this.appId = s.appId();
        this.name = s.name();
        this.when = s.definition().containsKey("cron")
                ? s.definition().getString("cron")
                : "every " + s.definition().getString("interval");
        this.timeZone = s.definition().getString("timeZone");
        this.enabled = s.enabled();
        this.next = s.nextFireAtLocal() == null ? (s.enabled() ? "no time left" : "paused") : s.nextFireAtLocal();
        this.lastState = s.lastState();
        this.warning = s.warning();
        this.pausedReason = s.pausedReason();
    }

    public String getId() {
        return id;
    }

    public String getAppId() {
        return appId;
    }

    public String getName() {
        return name;
    }

    public String getWhen() {
        return when;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getNext() {
        return next;
    }

    public String getLastState() {
        return lastState;
    }

    public String getWarning() {
        return warning;
    }

    public String getPausedReason() {
        return pausedReason;
    }
}
