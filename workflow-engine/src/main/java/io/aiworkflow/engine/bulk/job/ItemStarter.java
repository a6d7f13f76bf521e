package io.aiworkflow.engine.bulk.job;

import io.aiworkflow.engine.bulk.BulkItemRunner;
import io.aiworkflow.engine.bulk.BulkItemStore.ClaimedItem;
import io.aiworkflow.engine.bulk.BulkJobs;
import io.aiworkflow.engine.bulk.BulkOperationStore;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Carries out a claimed item (starts its run, or answers or cancels the run it names). */
@Dependent
@Named
public class ItemStarter implements ItemProcessor {

    @Inject
    @BatchProperty(name = BulkJobs.OPERATION_ID)
    private String operationId;

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkItemRunner runner;

    @Override
    public Object processItem(Object item) {
        return runner.run(operations.find(operationId).orElseThrow(), (ClaimedItem) item);
    }
}
