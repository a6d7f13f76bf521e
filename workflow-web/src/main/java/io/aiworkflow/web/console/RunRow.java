package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.Summary;
import io.aiworkflow.engine.history.InstanceViews.Tokens;

import java.io.Serializable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;

/** One run (workflow instance) as the runs list and the run page's header show it (a JavaBean for EL 5). */
public class RunRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final String appId;
    private final String appName;
    private final int version;
    private final String state;
    private final String started;
    private final String ended;
    private final String duration;
    private final long promptTokens;
    private final long completionTokens;
    private final long totalTokens;
    private final long embeddingTokens;
    private final String errorCode;
    private final String errorMessage;
    private final String startedBy;
    /** the run this one replays or retries, if any */
    private final String replayOf;
    /** the schedule that started it and the time it stands for, if any */
    private final String scheduleId;

    private final String scheduledTime;

    RunRow(Summary s, String appName) {
        this(
                s.id(),
                s.appId(),
                appName,
                s.version(),
                s.state(),
                s.startTime(),
                s.endTime(),
                s.duration(),
                s.tokens(),
                s.errorCode() == null && s.errorMessage() == null
                        ? null
                        : new RunError(s.errorCode(), s.errorMessage()),
                null,
                s.replayOf(),
                s.scheduleId(),
                s.scheduledTime());
    }

    RunRow(Instance i, String appName) {
        this(
                i.id(),
                i.appId(),
                appName,
                i.version(),
                i.state(),
                i.startTime(),
                i.endTime(),
                i.duration(),
                i.tokens(),
                i.error(),
                i.startedBy(),
                i.replayOf(),
                i.scheduleId(),
                i.scheduledTime());
    }

    private RunRow(
            String id,
            String appId,
            String appName,
            int version,
            String state,
            OffsetDateTime start,
            OffsetDateTime end,
            Long durationMs,
            Tokens tokens,
            RunError error,
            String startedBy,
            String replayOf,
            String scheduleId,
            OffsetDateTime scheduledTime) {
        this.replayOf = replayOf;
        this.scheduleId = scheduleId;
        this.scheduledTime = scheduledTime == null ? null : ConsoleTimes.format(scheduledTime);
        this.id = id;
        this.appId = appId;
        this.appName = appName == null ? appId : appName;
        this.version = version;
        this.state = state;
        this.started = ConsoleTimes.format(start);
        this.ended = ConsoleTimes.format(end);
        this.duration = durationMs != null
                ? millis(durationMs)
                : start == null
                        ? ""
                        : millis(Duration.between(start, OffsetDateTime.now()).toMillis()) + " so far";
        Tokens t = tokens == null ? new Tokens(0, 0, 0, 0, 0) : tokens;
        this.promptTokens = t.promptTokens();
        this.completionTokens = t.completionTokens();
        this.totalTokens = t.totalTokens();
        this.embeddingTokens = t.embeddingTokens();
        this.errorCode = error == null ? null : error.code();
        this.errorMessage = error == null ? null : error.message();
        this.startedBy = startedBy;
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    public String getReplayOf() {
        return replayOf;
    }

    public String getScheduleId() {
        return scheduleId;
    }

    public String getScheduledTime() {
        return scheduledTime;
    }

    /** Ended without completing: the page offers Retry. */
    public boolean isRetryable() {
        return "Failed".equals(state) || "Canceled".equals(state);
    }

    public boolean isEnded() {
        return RunState.fromWire(state).map(RunState::isEnded).orElse(false);
    }

    /** Still going: the page keeps polling and offers Cancel. */
    public boolean isActive() {
        return RunState.fromWire(state).map(RunState::isActive).orElse(false);
    }

    /** PrimeFaces tag severity for the state. */
    public String getSeverity() {
        return switch (RunState.fromWire(state).orElse(RunState.PENDING)) {
            case COMPLETED -> "success";
            case FAILED -> "danger";
            case CANCELED -> "warning";
            default -> "info";
        };
    }

    public String getId() {
        return id;
    }

    public String getAppId() {
        return appId;
    }

    public String getAppName() {
        return appName;
    }

    public int getVersion() {
        return version;
    }

    public String getState() {
        return state;
    }

    public String getStarted() {
        return started;
    }

    public String getEnded() {
        return ended;
    }

    public String getDuration() {
        return duration;
    }

    public long getPromptTokens() {
        return promptTokens;
    }

    public long getCompletionTokens() {
        return completionTokens;
    }

    public long getTotalTokens() {
        return totalTokens;
    }

    public long getEmbeddingTokens() {
        return embeddingTokens;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public String getStartedBy() {
        return startedBy;
    }
}
