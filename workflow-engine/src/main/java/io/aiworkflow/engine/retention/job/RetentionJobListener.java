package io.aiworkflow.engine.retention.job;

import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionStore;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.logging.Logger;

/** Records how a retention pass ended on its row. */
@Dependent
@Named
public class RetentionJobListener extends AbstractJobListener {

    private static final Logger LOG = Logger.getLogger(RetentionJobListener.class.getName());

    @Inject
    @BatchProperty(name = RetentionService.PASS_ID)
    private String passId;

    @Inject
    private JobContext job;

    @Inject
    private RetentionStore store;

    @Override
    public void afterJob() {
        // while job listeners run, a job that went well is still STARTED: its final status comes after
        BatchStatus status = job.getBatchStatus();
        String state = switch (status) {
            case STARTED, COMPLETED -> "COMPLETED";
            case STOPPED, STOPPING -> "STOPPED";
            default -> "FAILED";
        };
        store.end(Long.parseLong(passId), state, state.equals("FAILED") ? "job ended " + status : null);
        LOG.info("retention pass " + passId + " ended: " + state);
    }
}
