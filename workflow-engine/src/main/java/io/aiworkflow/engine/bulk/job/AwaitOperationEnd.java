package io.aiworkflow.engine.bulk.job;

import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.engine.bulk.BulkJobs;
import io.aiworkflow.engine.bulk.BulkProgress;
import io.aiworkflow.engine.bulk.BulkProgress.Standing;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Optional;

/**
 * Waits, outside any transaction, until the runs of the operation's items have ended and the
 * operation with them; leaves early when the operation is paused or canceled (a resume restarts
 * the job) or when items became pending again (the next execution claims them).
 */
@Dependent
@Named
public class AwaitOperationEnd extends AbstractBatchlet {

    private static final long POLL_MILLIS = 250;

    @Inject
    @BatchProperty(name = BulkJobs.OPERATION_ID)
    private String operationId;

    @Inject
    private BulkProgress progress;

    private volatile boolean stopped;

    @Override
    public String process() throws InterruptedException {
        while (!stopped) {
            Optional<Standing> standing = progress.advance(operationId);
            if (standing.isEmpty()) {
                return "GONE";
            }
            BulkState state = standing.get().state();
            if (state != BulkState.RUNNING) {
                return state.name();
            }
            if (standing.get().counts().pending() > 0) {
                return "PENDING";
            }
            Thread.sleep(POLL_MILLIS);
        }
        return "STOPPED";
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
