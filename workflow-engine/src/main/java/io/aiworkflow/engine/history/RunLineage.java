package io.aiworkflow.engine.history;

import java.time.Instant;

/**
 * Where a run comes from, beyond who started it: the run it replays or retries; for a run a bulk
 * operation started, the operation, its item and the run that item repeats; for a run a schedule
 * started, the schedule and the scheduled time it stands for.
 */
public record RunLineage(
        String replayOf,
        String bulkOperationId,
        Integer bulkItemSeq,
        String repeatOf,
        String scheduleId,
        Instant scheduledTime) {

    public static final RunLineage NONE = new RunLineage(null, null, null, null, null, null);

    public static RunLineage replayOf(String instanceId) {
        return new RunLineage(instanceId, null, null, null, null, null);
    }

    /** This lineage, and started by item {@code seq} of bulk operation {@code operationId}, repeating {@code source}. */
    public RunLineage inBulk(String operationId, int seq, String source) {
        return new RunLineage(replayOf, operationId, seq, source, scheduleId, scheduledTime);
    }

    /** This lineage, and started by schedule {@code id} for its time {@code at}. */
    public RunLineage scheduled(String id, Instant at) {
        return new RunLineage(replayOf, bulkOperationId, bulkItemSeq, repeatOf, id, at);
    }
}
