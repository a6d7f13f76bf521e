package io.aiworkflow.engine.bulk.job;

import io.aiworkflow.engine.bulk.BulkJobs;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Tells {@link BulkJobs} when an execution of this server ends, and how. */
@Dependent
@Named
public class BulkJobListener extends AbstractJobListener {

    @Inject
    @BatchProperty(name = BulkJobs.OPERATION_ID)
    private String operationId;

    @Inject
    private JobContext job;

    @Inject
    private BulkJobs jobs;

    @Override
    public void afterJob() {
        jobs.executionEnded(operationId, job.getExecutionId(), job.getBatchStatus());
    }
}
