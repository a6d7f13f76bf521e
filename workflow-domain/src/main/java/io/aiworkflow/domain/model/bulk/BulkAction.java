package io.aiworkflow.domain.model.bulk;

import java.util.Arrays;
import java.util.Optional;

/** What a bulk operation does to each run it selected. The wire value is the lower-case name. */
public enum BulkAction {
    /** a new run with the same parameters, of the original, the published or a given version */
    RERUN,
    /** a retry of a failed, canceled or interrupted run from each node that did not complete */
    RETRY,
    /** a replay from one node, with edited inputs if given */
    REPLAY,
    /** cancel a run that is still active */
    CANCEL,
    /** approve or reject a run waiting for a person */
    CONFIRM,
    /** run each row of a dataset (on each version asked for, as many times as asked) */
    RUN,
    /** run a schedule's past times that did not run, as the schedule would have */
    BACKFILL;

    public String wire() {
        return name().toLowerCase();
    }

    /** Whether each item starts a new run (and succeeds only when that run completes). */
    public boolean startsRuns() {
        return this == RERUN || this == RETRY || this == REPLAY || this == RUN || this == BACKFILL;
    }

    public static Optional<BulkAction> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wire().equals(value)).findFirst();
    }
}
