package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkOperationService.CreateRequest;
import io.aiworkflow.engine.bulk.BulkOperationService.Created;
import io.aiworkflow.engine.bulk.BulkOptions;
import io.aiworkflow.engine.bulk.BulkSelection;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.platform.BoundedMaps;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.schedule.ScheduleStore.Cancel;
import io.aiworkflow.engine.schedule.ScheduleStore.FiringKey;
import io.aiworkflow.engine.schedule.ScheduleStore.StartResult;
import io.aiworkflow.engine.schedule.ScheduleStore.StartingFiring;
import io.aiworkflow.engine.schedule.ScheduleStore.Stored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the run of a claimed firing, as the schedule's owner, under the instance id chosen when
 * the firing was claimed: the app's version with the schedule's parameters, or for a dataset
 * schedule a dataset run (a bulk operation, keyed by the firing so it is created once). A run that
 * cannot start (the app was disabled, nothing is published) leaves the firing FAILED_TO_START with
 * the reason, never lost.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class FiringStarter {

    private static final Logger LOG = Logger.getLogger(FiringStarter.class.getName());

    private static final int MAX_CACHED_DESIGNS = 1000;

    /** Published versions never change: their parsed designs are kept, by app and version. */
    private final Map<String, FunctionDesign> parsed = BoundedMaps.of(MAX_CACHED_DESIGNS);

    @Inject
    private ScheduleStore schedules;

    @Inject
    private RunService runs;

    @Inject
    private RecordedDesigns designs;

    @Inject
    private InstanceStore instances;

    @Inject
    private BulkOperationService bulk;

    /** Starts the firing unless another server holds it or it is no longer STARTING. */
    public boolean start(FiringKey key) {
        return schedules.start(key, this::startRun);
    }

    public void cancel(List<Cancel> cancels) {
        for (Cancel cancel : cancels) {
            try {
                runs.cancel(cancel.owner(), cancel.instanceId());
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "schedule overlap: could not cancel run " + cancel.instanceId() + ": " + e);
            }
        }
    }

    private StartResult startRun(StartingFiring firing) {
        Stored s = firing.schedule();
        if (firing.runExists()) {
            return StartResult.run(firing.instanceId());
        }
        ScheduleDefinition def = s.definition();
        try {
            if (def.datasetId() != null) {
                return StartResult.dataset(datasetRun(s, firing));
            }
            startRun(s, firing.scheduledTime(), firing.instanceId(), RunLineage.NONE);
            return StartResult.run(firing.instanceId());
        } catch (WorkflowException e) {
            return StartResult.failed(e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (instances.exists(firing.instanceId())) {
                // an earlier attempt opened the run after all
                return StartResult.run(firing.instanceId());
            }
            LOG.log(
                    Level.WARNING,
                    "schedule " + s.id() + ": the run of " + firing.scheduledTime() + " failed to start",
                    e);
            return StartResult.failed(ErrorCode.INTERNAL_ERROR + ": " + e);
        }
    }

    /**
     * Starts the run of scheduled time {@code at} under {@code instanceId}, as the schedule's owner:
     * its version (the one published now, or the one it names) with its parameters for that time.
     */
    void startRun(Stored s, Instant at, String instanceId, RunLineage lineage) {
        ScheduleDefinition def = s.definition();
        int version = designs.targetVersion(s.appId(), 0, def.version());
        FunctionDesign design = parsed.computeIfAbsent(
                s.appId() + ":" + version,
                k -> FunctionDesignReader.read(Jsons.parse(designs.designJson(null, s.appId(), version))));
        runs.startVersion(
                s.createdBy(),
                s.appId(),
                version,
                design,
                null,
                ScheduleParameters.resolve(
                        def.parameters(), s.id(), at, def.spec().zone()),
                lineage.scheduled(s.id(), at),
                instanceId,
                null,
                false);
    }

    /** The request of a dataset run: its dry run, or (given that dry run) its start. */
    private static CreateRequest datasetRunRequest(
            BulkSelection dataset, List<String> versions, String reason, String key, Created dry) {
        return new CreateRequest(
                BulkAction.RUN,
                dataset,
                new BulkOptions(null, null, null, null, null, null),
                dry == null,
                dry == null ? null : dry.preview().selectionToken(),
                dry == null ? null : dry.preview().count(),
                null,
                null,
                null,
                reason,
                key,
                versions);
    }

    /** A dataset run of the schedule's dataset, created once per firing (its idempotency key). */
    private String datasetRun(Stored s, StartingFiring firing) {
        String key = "schedule:" + s.id() + ":" + firing.scheduledTime();
        String reason = "schedule " + s.definition().name() + " at "
                + ScheduleParameters.local(
                        firing.scheduledTime(), s.definition().spec().zone());
        BulkSelection dataset = BulkSelection.dataset(s.definition().datasetId());
        List<String> versions = List.of(s.definition().version());
        Created dry = bulk.create(s.createdBy(), datasetRunRequest(dataset, versions, reason, key, null));
        Created created = bulk.create(s.createdBy(), datasetRunRequest(dataset, versions, reason, key, dry));
        schedules.linkOperation(created.operation().id(), s.id());
        return created.operation().id();
    }
}
