package io.aiworkflow.engine.bulk.job;

import io.aiworkflow.engine.bulk.BulkItemRunner.Outcome;
import io.aiworkflow.engine.bulk.BulkItemStore;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** Records the outcome of items that ended at once; an item whose run goes on stays RUNNING. */
@Dependent
@Named
public class OutcomeWriter extends AbstractItemWriter {

    @Inject
    private BulkItemStore items;

    @Override
    public void writeItems(List<Object> outcomes) {
        for (Object o : outcomes) {
            Outcome outcome = (Outcome) o;
            if (outcome.state() != null) {
                items.finish(outcome.item().operationId(), outcome.item().seq(), outcome.state(), outcome.error());
            }
        }
    }
}
