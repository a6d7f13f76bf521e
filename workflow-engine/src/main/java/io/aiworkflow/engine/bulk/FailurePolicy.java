package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkItemStore.FailureStats;

/**
 * When an operation pauses by itself: more than {@code failurePercent} % of at least
 * {@code minEnded} finished items failed, or the last {@code failuresInARow} finished items all
 * failed. A rule set to 0 is off. Skipped and canceled items do not count either way.
 */
public record FailurePolicy(int failurePercent, int minEnded, int failuresInARow) {

    public FailurePolicy {
        if (failurePercent < 0 || failurePercent > 100) {
            throw WorkflowException.validation("autoPause.failurePercent", "must be between 0 and 100");
        }
        if (minEnded < 0 || failuresInARow < 0) {
            throw WorkflowException.validation("autoPause", "counts must not be negative");
        }
    }

    /** Why the operation should pause now, or null. */
    public String pauseReason(FailureStats stats) {
        long finished = stats.succeeded() + stats.failed();
        if (failurePercent > 0
                && finished >= Math.max(1, minEnded)
                && stats.failed() * 100 > failurePercent * finished) {
            return stats.failed() + " of " + finished + " finished items failed (more than " + failurePercent + " %)";
        }
        if (failuresInARow > 0 && stats.failedInARow() >= failuresInARow) {
            return "the last " + stats.failedInARow() + " finished items failed";
        }
        return null;
    }
}
