package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.WorkflowException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a schedule fires: a {@code cron} expression (5 fields, or 6 with seconds first, or a
 * shorthand such as {@code @daily}) read in {@code zone}, or a fixed {@code interval} shifted by
 * {@code intervalOffset}; between {@code startAt} and {@code endAt} (either may be null), at most
 * {@code maxRuns} times (null: no limit).
 */
public record ScheduleSpec(
        String cron,
        Duration interval,
        Duration intervalOffset,
        ZoneId zone,
        Instant startAt,
        Instant endAt,
        Integer maxRuns,
        RepeatedTime onRepeatedTime,
        SkippedTime onSkippedTime) {

    /** A local time that occurs twice (the clocks go back): fire at the first, the last, or both. */
    public enum RepeatedTime {
        FIRST,
        LAST,
        BOTH
    }

    /** A local time that does not occur (the clocks go forward): fire when the gap ends, or not at all. */
    public enum SkippedTime {
        SHIFT,
        SKIP
    }

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    public ScheduleSpec {
        if ((cron == null) == (interval == null)) {
            throw WorkflowException.validation("cron", "give either a cron expression or an interval");
        }
        if (zone == null) {
            throw WorkflowException.validation("timeZone", "is required (an IANA zone such as Europe/Berlin)");
        }
        if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
            throw WorkflowException.validation("interval", "must be at least one second");
        }
        if (intervalOffset != null
                && (intervalOffset.isNegative() || interval == null || intervalOffset.compareTo(interval) >= 0)) {
            throw WorkflowException.validation("intervalOffset", "must be at least 0 and shorter than the interval");
        }
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            throw WorkflowException.validation("endAt", "must be after startAt");
        }
        if (maxRuns != null && maxRuns < 1) {
            throw WorkflowException.validation("maxRuns", "must be at least 1");
        }
        onRepeatedTime = onRepeatedTime == null ? RepeatedTime.FIRST : onRepeatedTime;
        onSkippedTime = onSkippedTime == null ? SkippedTime.SHIFT : onSkippedTime;
    }

    /** A zone as requests give it; an unknown one is a VALIDATION_ERROR naming the field. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            throw WorkflowException.validation("timeZone", "is required (an IANA zone such as Europe/Berlin)");
        }
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw WorkflowException.validation("timeZone", "'" + id + "' is not an IANA time zone");
        }
    }
}
