package io.aiworkflow.engine.bulk;

import io.aiworkflow.engine.runs.BulkStart;
import io.aiworkflow.engine.security.Caller;

import java.time.Instant;
import java.util.List;

/**
 * What a backfill needs from schedules: which past times of a schedule did not run, and starting
 * the run of one of them as the schedule would have. Implemented where schedules live, so bulk
 * operations do not depend on them.
 */
public interface ScheduledRuns {

    /** The schedule's times from {@code from} to {@code to} that have no run, in order; at most {@code limit + 1}. */
    List<Instant> backfillTimes(Caller caller, String scheduleId, Instant from, Instant to, int limit);

    /** Starts the run of time {@code at} as {@code item}'s run, and records it as the time's firing. */
    void startBackfilled(Caller owner, String scheduleId, Instant at, BulkStart item);
}
