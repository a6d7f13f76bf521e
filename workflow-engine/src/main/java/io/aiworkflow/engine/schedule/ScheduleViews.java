package io.aiworkflow.engine.schedule;

import jakarta.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/** What the API answers about schedules. */
public final class ScheduleViews {

    private ScheduleViews() {}

    /**
     * A schedule, its definition as given (with defaults filled in), and how it stands:
     * {@code nextFireAt} (null when paused or done), the last firing's state, and a
     * {@code warning} when its last three times did not run.
     */
    public record Schedule(
            String id,
            String appId,
            String name,
            JsonObject definition,
            boolean enabled,
            String pausedReason,
            OffsetDateTime pausedAt,
            OffsetDateTime nextFireAt,
            String nextFireAtLocal,
            long runsSoFar,
            String lastState,
            OffsetDateTime lastScheduledTime,
            String warning,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    public record SchedulePage(long total, int page, int pageSize, List<Schedule> items) {}

    /** One scheduled time's record. */
    public record Firing(
            OffsetDateTime scheduledTime,
            String scheduledTimeLocal,
            String state,
            String kind,
            String instanceId,
            String bulkOperationId,
            OffsetDateTime firedAt,
            String reason) {}

    public record FiringPage(long total, int page, int pageSize, List<Firing> items) {}

    /** A coming time: in the schedule's zone and in UTC, with the clock change that moved it, if any. */
    public record PreviewTime(String local, OffsetDateTime utc, String clockChange) {}

    /** A backfill's dry run: how many times it would run (the first {@code times}), or the operation it started. */
    public record Backfill(long count, List<PreviewTime> times, String operationId, String selectionToken) {}
}
