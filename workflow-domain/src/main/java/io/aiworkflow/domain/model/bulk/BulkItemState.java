package io.aiworkflow.domain.model.bulk;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where one item of a bulk operation stands. An item that starts a run is RUNNING until that run
 * ends (also while it waits for a person) and SUCCEEDED only when it completes.
 */
public enum BulkItemState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** the action did not apply to the run (e.g. nothing to retry); the item's error says why */
    SKIPPED,
    CANCELED;

    public boolean isEnded() {
        return this != PENDING && this != RUNNING;
    }

    public static Optional<BulkItemState> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }
}
