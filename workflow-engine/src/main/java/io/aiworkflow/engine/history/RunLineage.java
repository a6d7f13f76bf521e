package io.aiworkflow.engine.history;

/**
 * Where a run comes from, beyond who started it: the run it replays or retries, and for a run a
 * bulk operation started, the operation, its item and the run that item repeats.
 */
public record RunLineage(String replayOf, String bulkOperationId, Integer bulkItemSeq, String repeatOf) {

    public static final RunLineage NONE = new RunLineage(null, null, null, null);

    public static RunLineage replayOf(String instanceId) {
        return new RunLineage(instanceId, null, null, null);
    }

    /** This lineage, and started by item {@code seq} of bulk operation {@code operationId}, repeating {@code source}. */
    public RunLineage inBulk(String operationId, int seq, String source) {
        return new RunLineage(replayOf, operationId, seq, source);
    }
}
