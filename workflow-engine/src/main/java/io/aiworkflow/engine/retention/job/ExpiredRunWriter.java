package io.aiworkflow.engine.retention.job;

import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionStore;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** Deletes a chunk's runs with everything recorded of them, in the chunk's transaction. */
@Dependent
@Named
public class ExpiredRunWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty(name = RetentionService.PASS_ID)
    private String passId;

    @Inject
    private RetentionStore store;

    @Override
    public void writeItems(List<Object> items) {
        for (Object item : items) {
            store.delete(Long.parseLong(passId), ((ExpiredRuns) item).ids());
        }
    }
}
