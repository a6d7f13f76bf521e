package io.aiworkflow.engine.bulk;

import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every few seconds on every server: starts queued operations while their team has room, makes
 * sure this server works on each running operation (restarting the executions of servers that
 * stopped), and follows paused or canceled operations' last runs to their end. A non-persistent
 * timer: each server ticks on its own, the database keeps them from doing anything twice.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionManagement(TransactionManagementType.BEAN)
public class BulkOperationWatchdog {

    private static final Logger LOG = Logger.getLogger(BulkOperationWatchdog.class.getName());

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkJobs jobs;

    @Inject
    private BulkProgress progress;

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    void tick() {
        try {
            operations.promoteQueued(Settings.current().intValue(Setting.BULK_RUNNING_PER_TEAM, 2));
            jobs.ensureWorking();
            for (String id : operations.stoppedWithRunningItems()) {
                progress.advance(id);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bulk operations: " + e.getMessage(), e);
        }
    }
}
