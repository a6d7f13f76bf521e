package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.engine.bulk.BulkOperationStore.Stored;
import io.aiworkflow.engine.bulk.BulkViews.Counts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.EnumSet;
import java.util.Optional;

/**
 * Moves an operation on from what its items did: follows their runs to their end, pauses it when
 * its failure policy says so, and ends it once no item is pending or running. Every server may do
 * this at any time: each step is idempotent and each state change conditional.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkProgress {

    static final String SYSTEM = "system";

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkItemStore items;

    /** For CDI. */
    public BulkProgress() {}

    /** Outside the container (tests). */
    public BulkProgress(BulkOperationStore operations, BulkItemStore items) {
        this.operations = operations;
        this.items = items;
    }

    /** Where the operation stands after this step; empty if it does not exist. */
    public record Standing(BulkState state, Counts counts) {}

    public Optional<Standing> advance(String operationId) {
        items.reconcile(operationId);
        Optional<Stored> found = operations.find(operationId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Stored op = found.get();
        BulkState state = op.state();
        if (state == BulkState.RUNNING) {
            String reason = op.failurePolicy().pauseReason(items.failureStats(operationId, windowOf(op)));
            if (reason != null
                    && operations.transition(operationId, EnumSet.of(BulkState.RUNNING), BulkState.PAUSED, reason)) {
                operations.audit(operationId, SYSTEM, "AUTO_PAUSE", reason);
                state = BulkState.PAUSED;
            }
        }
        Counts counts = items.counts(operationId);
        if ((state == BulkState.RUNNING || state == BulkState.PAUSED)
                && counts.pending() == 0
                && counts.running() == 0) {
            BulkState end = endState(counts);
            if (operations.transition(operationId, EnumSet.of(BulkState.RUNNING, BulkState.PAUSED), end, null)) {
                operations.audit(
                        operationId,
                        SYSTEM,
                        end.name(),
                        counts.succeeded() + " succeeded, " + counts.failed() + " failed, " + counts.skipped()
                                + " skipped, " + counts.canceled() + " canceled");
                state = end;
            }
        }
        return Optional.of(new Standing(state, counts));
    }

    private static int windowOf(Stored op) {
        return Math.max(1, op.failurePolicy().failuresInARow());
    }

    /** Every item succeeded or did not apply: completed; none succeeded but some failed: failed. */
    static BulkState endState(Counts counts) {
        long unsuccessful = counts.failed() + counts.canceled();
        if (unsuccessful == 0) {
            return BulkState.COMPLETED;
        }
        return counts.succeeded() == 0 ? BulkState.FAILED : BulkState.PARTIALLY_COMPLETED;
    }
}
