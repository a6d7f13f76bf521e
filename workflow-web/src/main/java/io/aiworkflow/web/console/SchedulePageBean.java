package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.engine.schedule.ScheduleService;
import io.aiworkflow.engine.schedule.ScheduleService.BackfillRequest;
import io.aiworkflow.engine.schedule.ScheduleViews.Backfill;
import io.aiworkflow.engine.schedule.ScheduleViews.Schedule;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One schedule's page: how it stands, what happened to each of its times (newest first), pause,
 * resume and run now, and a backfill of a time range: a dry run counts the times without a run,
 * then a bulk operation runs them. After a resume the form is filled with the paused period.
 */
@Named
@ViewScoped
public class SchedulePageBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int FIRINGS_SHOWN = 200;

    @Inject
    private ScheduleService schedules;

    @Inject
    private ConsoleUser user;

    private String id;
    private ScheduleRow schedule;
    private String definitionJson;
    private String pausedAt;
    private List<FiringRow> firings = List.of();

    private String backfillFrom;
    private String backfillTo;
    private String reason;
    private Long backfillCount;
    private String backfillToken;
    private List<String> backfillTimes = List.of();
    private String operationId;

    public void load() {
        try {
            Schedule s = schedules.get(user.caller(), null, id);
            schedule = new ScheduleRow(s);
            definitionJson = ConsoleJson.pretty(s.definition());
            pausedAt = s.pausedAt() == null ? null : s.pausedAt().toInstant().toString();
            firings = schedules.firings(user.caller(), null, id, null, 1, FIRINGS_SHOWN).items().stream()
                    .map(FiringRow::new)
                    .toList();
        } catch (RuntimeException e) {
            schedule = null;
            ConsoleMessages.failure(e);
        }
    }

    public void pause() {
        act(() -> schedules.pause(user.caller(), null, id), "Paused");
    }

    /** Resumes, and offers the paused period as a backfill (counted at once). */
    public void resume() {
        String from = pausedAt;
        act(() -> schedules.resume(user.caller(), null, id), "Resumed: future times fire");
        if (from != null) {
            backfillFrom = from;
            // until now; never before the pause (a pause and resume within one second)
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            Instant paused = Instant.parse(from);
            backfillTo = (now.isAfter(paused) ? now : paused).toString();
            countBackfill();
        }
    }

    public void runNow() {
        try {
            var firing = schedules.runNow(user.caller(), null, id);
            ConsoleMessages.info(
                    "Run now: " + firing.state() + (firing.reason() == null ? "" : " (" + firing.reason() + ")"));
            load();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    /** Deletes the schedule (its runs stay in history) and goes to the list of schedules. */
    public String delete() {
        try {
            String appId = schedules.get(user.caller(), null, id).appId();
            schedules.delete(user.caller(), null, id);
            return "/console/schedules?faces-redirect=true&appId=" + appId;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    /** The dry run: how many times in the range have no run. */
    public void countBackfill() {
        try {
            Backfill dry = (Backfill) schedules.backfill(user.caller(), null, id, request(true));
            backfillCount = dry.count();
            backfillToken = dry.selectionToken();
            backfillTimes =
                    dry.times().stream().limit(20).map(SchedulesBean::line).toList();
            operationId = null;
        } catch (RuntimeException e) {
            backfillCount = null;
            ConsoleMessages.failure(e);
        }
    }

    public void startBackfill() {
        try {
            Operation op = (Operation) schedules.backfill(user.caller(), null, id, request(false));
            operationId = op.id();
            backfillCount = null;
            ConsoleMessages.info("Backfill started: " + op.counts().total() + " runs, one at a time");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    private BackfillRequest request(boolean dryRun) {
        return new BackfillRequest(
                instant("From", backfillFrom),
                instant("To", backfillTo),
                dryRun,
                dryRun ? null : backfillToken,
                dryRun ? null : backfillCount,
                null,
                null,
                reason);
    }

    private static Instant instant(String label, String value) {
        try {
            return Instant.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw WorkflowException.validation(
                    label.toLowerCase(java.util.Locale.ROOT), "must be an instant such as 2026-01-01T00:00:00Z");
        }
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            ConsoleMessages.info(done);
            load();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public ScheduleRow getSchedule() {
        return schedule;
    }

    public String getDefinitionJson() {
        return definitionJson;
    }

    public List<FiringRow> getFirings() {
        return firings;
    }

    public String getBackfillFrom() {
        return backfillFrom;
    }

    public void setBackfillFrom(String backfillFrom) {
        this.backfillFrom = backfillFrom;
    }

    public String getBackfillTo() {
        return backfillTo;
    }

    public void setBackfillTo(String backfillTo) {
        this.backfillTo = backfillTo;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Long getBackfillCount() {
        return backfillCount;
    }

    public List<String> getBackfillTimes() {
        return backfillTimes;
    }

    public String getOperationId() {
        return operationId;
    }
}
