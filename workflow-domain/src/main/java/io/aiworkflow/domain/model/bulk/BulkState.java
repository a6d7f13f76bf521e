package io.aiworkflow.domain.model.bulk;

import java.util.Arrays;
import java.util.Optional;

/** Where a bulk operation stands. */
public enum BulkState {
    /** created, queued behind the team's running operations */
    CREATED,
    RUNNING,
    /** no new item starts; started items finish */
    PAUSED,
    /** every item succeeded or was skipped */
    COMPLETED,
    /** some items failed or were canceled, others succeeded */
    PARTIALLY_COMPLETED,
    /** no item succeeded */
    FAILED,
    CANCELED;

    public boolean isEnded() {
        return this == COMPLETED || this == PARTIALLY_COMPLETED || this == FAILED || this == CANCELED;
    }

    public static Optional<BulkState> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }
}
