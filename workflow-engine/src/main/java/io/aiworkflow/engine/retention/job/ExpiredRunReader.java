package io.aiworkflow.engine.retention.job;

import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionStore;
import io.aiworkflow.engine.retention.RetentionStore.AppPolicy;
import io.aiworkflow.engine.retention.RetentionStore.Position;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * Reads the runs to delete, app by app, oldest first, as batches of up to {@value #BATCH} run ids:
 * one batch is one chunk, so each transaction deletes a bounded number of runs and holds its row
 * locks briefly. The checkpoint is the app and the last run read; a restarted pass goes on from
 * there (runs already deleted are simply not found again).
 */
@Dependent
@Named
public class ExpiredRunReader extends AbstractItemReader {

    static final int BATCH = 500;

    @Inject
    @BatchProperty(name = RetentionService.PASS_ID)
    private String passId;

    @Inject
    private JobContext job;

    @Inject
    private RetentionStore store;

    @Inject
    private RetentionService retention;

    private List<AppPolicy> apps;
    private int app;
    private Position after;
    private Position lastKept;
    private boolean appStarted;

    /** Where a pass is: the app (apps go in id order) and the last run read of it. */
    record Checkpoint(String appId, Position after) implements Serializable {}

    @Override
    public void open(Serializable checkpoint) {
        apps = store.appsToPrune(retention.platformDefault());
        if (checkpoint instanceof Checkpoint c) {
            while (app < apps.size() && apps.get(app).appId().compareTo(c.appId()) < 0) {
                app++;
            }
            if (app < apps.size() && apps.get(app).appId().equals(c.appId())) {
                after = c.after();
            }
        }
    }

    @Override
    public Object readItem() {
        while (app < apps.size() && job.getBatchStatus() != BatchStatus.STOPPING) {
            AppPolicy current = apps.get(app);
            if (!appStarted) {
                Integer keepRuns = current.policy().keepRuns();
                lastKept = keepRuns == null
                        ? null
                        : store.lastKept(current.appId(), keepRuns).orElse(null);
                appStarted = true;
            }
            List<Position> runs = store.expired(current.appId(), current.policy(), lastKept, after, BATCH);
            if (!runs.isEmpty()) {
                after = runs.get(runs.size() - 1);
                return new ExpiredRuns(runs.stream().map(Position::id).toList());
            }
            app++;
            after = null;
            appStarted = false;
        }
        return null;
    }

    @Override
    public Serializable checkpointInfo() {
        return app < apps.size() ? new Checkpoint(apps.get(app).appId(), after) : null;
    }
}
