package io.aiworkflow.engine.bulk.job;

import io.aiworkflow.engine.bulk.BulkItemStore;
import io.aiworkflow.engine.bulk.BulkItemStore.Claim;
import io.aiworkflow.engine.bulk.BulkItemStore.Claimed;
import io.aiworkflow.engine.bulk.BulkItemStore.Wait;
import io.aiworkflow.engine.bulk.BulkJobs;
import io.aiworkflow.engine.bulk.BulkOperationStore;
import io.aiworkflow.engine.bulk.BulkProgress;
import io.aiworkflow.engine.platform.ServerIdentity;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/**
 * Reads the next item this server may start: waits while the operation's pace or in-flight bound
 * holds it back, and ends the step when no item is pending or the operation no longer runs. The
 * checkpoint is the last item read; the items' rows are the real record of what was claimed.
 */
@Dependent
@Named
public class ClaimingItemReader extends AbstractItemReader {

    private static final long MAX_WAIT_MILLIS = 250;

    @Inject
    @BatchProperty(name = BulkJobs.OPERATION_ID)
    private String operationId;

    @Inject
    private JobContext job;

    @Inject
    private BulkItemStore items;

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkProgress progress;

    @Inject
    private ServerIdentity server;

    private Integer lastSeq;
    private boolean startsRuns;

    @Override
    public void open(Serializable checkpoint) {
        lastSeq = (Integer) checkpoint;
        startsRuns = operations.find(operationId).orElseThrow().action().startsRuns();
    }

    @Override
    public Object readItem() throws InterruptedException {
        while (job.getBatchStatus() != BatchStatus.STOPPING) {
            // before each claim: the failure policy must see every ended item before the next starts
            progress.advance(operationId);
            Claim claim = items.claim(operationId, server.serverId(), startsRuns);
            if (claim instanceof Claimed claimed) {
                lastSeq = claimed.item().seq();
                return claimed.item();
            }
            if (!(claim instanceof Wait wait)) {
                return null;
            }
            Thread.sleep(Math.min(MAX_WAIT_MILLIS, Math.max(5, wait.millis())));
        }
        return null;
    }

    @Override
    public Serializable checkpointInfo() {
        return lastSeq;
    }
}
