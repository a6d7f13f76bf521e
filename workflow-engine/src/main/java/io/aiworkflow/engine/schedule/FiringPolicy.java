package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.WorkflowException;

import java.time.Duration;

/**
 * What a schedule does with times it could not fire on time and with times that come while its
 * previous run is still active.
 *
 * @param graceSeconds  a firing at most this late runs as if on time (default 60)
 * @param misfire       what happens to later ones (default {@code COALESCE})
 * @param maxCatchup    {@code RUN_ALL}: at most this many catch-up runs (default 10)
 * @param catchupWindow missed times older than this are only recorded {@code MISSED} (default 24 h)
 * @param overlap       when the previous firing's run is still active (default {@code SKIP})
 * @param maxConcurrent {@code ALLOW_ALL}: at most this many runs at once (default 3)
 */
public record FiringPolicy(
        long graceSeconds,
        Misfire misfire,
        int maxCatchup,
        Duration catchupWindow,
        Overlap overlap,
        int maxConcurrent) {

    /** Late firings beyond the grace: one run for the latest, none, or each (up to maxCatchup). */
    public enum Misfire {
        COALESCE,
        SKIP,
        RUN_ALL
    }

    public enum Overlap {
        SKIP,
        BUFFER_ONE,
        BUFFER_ALL,
        CANCEL_OTHER,
        ALLOW_ALL
    }

    public static final FiringPolicy DEFAULTS =
            new FiringPolicy(60, Misfire.COALESCE, 10, Duration.ofHours(24), Overlap.SKIP, 3);

    public FiringPolicy {
        if (graceSeconds < 0) {
            throw WorkflowException.validation("misfire.graceSeconds", "must not be negative");
        }
        if (maxCatchup < 1 || maxCatchup > 1000) {
            throw WorkflowException.validation("misfire.maxCatchup", "must be between 1 and 1000");
        }
        if (catchupWindow == null || catchupWindow.isNegative()) {
            throw WorkflowException.validation("misfire.catchupWindow", "must be a positive duration");
        }
        if (maxConcurrent < 1 || maxConcurrent > 100) {
            throw WorkflowException.validation("maxConcurrent", "must be between 1 and 100");
        }
        misfire = misfire == null ? Misfire.COALESCE : misfire;
        overlap = overlap == null ? Overlap.SKIP : overlap;
    }
}
