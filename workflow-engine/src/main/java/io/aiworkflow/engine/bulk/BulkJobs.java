package io.aiworkflow.engine.bulk;

import io.aiworkflow.engine.bulk.BulkOperationStore.Worker;
import io.aiworkflow.engine.platform.ServerIdentity;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Jakarta Batch executions of bulk operations on this server. Every server works on every
 * running operation with pending items (claims keep them apart); an execution stopped by a pause,
 * or left behind by a server that stopped, is restarted from its checkpoint rather than started
 * anew, so the job repository shows one job per operation and server.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkJobs {

    public static final String JOB = "bulk-operation";
    public static final String OPERATION_ID = "operationId";

    private static final Logger LOG = Logger.getLogger(BulkJobs.class.getName());

    @Inject
    private ServerIdentity server;

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkItemStore items;

    /** operation id → this server's execution working on it */
    private final Map<String, Long> local = new ConcurrentHashMap<>();

    /** Starts (or restarts) an execution here for each running operation that needs one. */
    public synchronized void ensureWorking() {
        String me = server.serverId();
        for (String id : operations.needingWork()) {
            List<Worker> workers = operations.workers(id);
            Optional<Worker> gone = workers.stream()
                    .filter(w -> w.serverGone() && !w.serverId().equals(me))
                    .findFirst();
            Long running = local.get(id);
            if (running != null && isActive(running)) {
                // already at work here; a stopped server's execution is still restarted from its
                // checkpoint (it claims alongside), so none stays STARTED forever in the job repository
                if (gone.isPresent() && operations.takeOverWorker(id, gone.get().serverId())) {
                    LOG.info("bulk operation " + id + ": restarting the execution of stopped server "
                            + gone.get().serverId());
                    restartOnly(id, gone.get().executionId());
                }
                continue;
            }
            local.remove(id);
            Optional<Worker> mine =
                    workers.stream().filter(w -> w.serverId().equals(me)).findFirst();
            boolean othersActive = workers.stream()
                    .anyMatch(w -> !w.serverGone() && !w.serverId().equals(me));
            long execution;
            if (mine.isPresent()) {
                execution = restartOrStart(id, mine.get().executionId());
            } else if (gone.isPresent()
                    && operations.takeOverWorker(id, gone.get().serverId())) {
                LOG.info("bulk operation " + id + ": taking over from stopped server "
                        + gone.get().serverId());
                execution = restartOrStart(id, gone.get().executionId());
            } else if (items.counts(id).pending() > 0 || !othersActive) {
                execution = start(id);
            } else {
                continue;
            }
            operations.saveWorker(id, me, execution);
            local.put(id, execution);
        }
    }

    /** Stops this server's execution of the operation; it stops at its next checkpoint. */
    public void stopHere(String operationId) {
        Long execution = local.get(operationId);
        if (execution != null) {
            try {
                BatchRuntime.getJobOperator().stop(execution);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "bulk operation " + operationId + ": stop", e);
            }
        }
    }

    /**
     * An execution ends ({@code status} as its job listener sees it, before the final status is set):
     * one that was stopped is kept to restart from its checkpoint, any other is forgotten.
     */
    public void executionEnded(String operationId, long execution, BatchStatus status) {
        local.remove(operationId, execution);
        if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
            operations.removeWorker(operationId, server.serverId(), execution);
        }
    }

    private static boolean isActive(long execution) {
        try {
            BatchStatus status =
                    BatchRuntime.getJobOperator().getJobExecution(execution).getBatchStatus();
            return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long start(String operationId) {
        return BatchRuntime.getJobOperator().start(JOB, properties(operationId));
    }

    /** Restarts from the checkpoint; an execution that cannot restart (it completed) gives way to a new one. */
    private static long restartOrStart(String operationId, long execution) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            return operator.restart(execution, properties(operationId));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "bulk operation " + operationId + ": no restart of " + execution, e);
            return start(operationId);
        }
    }

    private static void restartOnly(String operationId, long execution) {
        try {
            BatchRuntime.getJobOperator().restart(execution, properties(operationId));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "bulk operation " + operationId + ": no restart of " + execution, e);
        }
    }

    private static Properties properties(String operationId) {
        Properties p = new Properties();
        p.setProperty(OPERATION_ID, operationId);
        return p;
    }
}
