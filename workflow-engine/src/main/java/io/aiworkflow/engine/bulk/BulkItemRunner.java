package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.bulk.BulkItemState;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkItemStore.ClaimedItem;
import io.aiworkflow.engine.bulk.BulkOperationStore.Stored;
import io.aiworkflow.engine.dataset.Dataset;
import io.aiworkflow.engine.dataset.DatasetStore;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.replay.ReplayService;
import io.aiworkflow.engine.replay.ReplayService.ReplayRequest;
import io.aiworkflow.engine.runs.BulkStart;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.engine.runs.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries out one claimed item, as the operation's creator: starts its run (rerun, retry, replay)
 * and leaves it RUNNING, to be followed to its end; or answers or cancels the run it names and says
 * how that went. An action that does not apply to the run (nothing to retry, not waiting, already
 * ended) is SKIPPED with the reason. Runs outside any transaction: a run is never started inside a
 * batch chunk's transaction, and never awaited there.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkItemRunner {

    private static final Logger LOG = Logger.getLogger(BulkItemRunner.class.getName());

    /** Errors that mean "this action does not apply to this run", not "it went wrong". */
    private static final Set<ErrorCode> NOT_APPLICABLE =
            EnumSet.of(ErrorCode.RUN_NOT_ENDED, ErrorCode.CONFLICT, ErrorCode.INPUTS_UNAVAILABLE);

    /** How an item went: {@code state} null while its run goes on. */
    public record Outcome(ClaimedItem item, BulkItemState state, String error) {}

    @Inject
    private RunService runs;

    @Inject
    private ReplayService replays;

    @Inject
    private InstanceStore instances;

    @Inject
    private RecordedDesigns designs;

    @Inject
    private DatasetStore datasets;

    @Inject
    private ScheduledRuns scheduledRuns;

    public Outcome run(Stored op, ClaimedItem item) {
        try {
            return switch (op.action()) {
                case RERUN -> rerun(op, item);
                case RUN -> runRow(op, item);
                case BACKFILL -> {
                    scheduledRuns.startBackfilled(op.createdBy(), op.scheduleId(), item.scheduledTime(), bulk(item));
                    yield running(item);
                }
                case RETRY -> {
                    replays.retry(op.createdBy(), item.sourceInstanceId(), request(op, null), false, bulk(item));
                    yield running(item);
                }
                case REPLAY -> {
                    replays.replay(
                            op.createdBy(),
                            item.sourceInstanceId(),
                            request(op, op.options().fromNodeKey()),
                            false,
                            bulk(item));
                    yield running(item);
                }
                case CANCEL -> cancel(op, item);
                case CONFIRM -> confirm(op, item);
            };
        } catch (WorkflowException e) {
            BulkItemState state = NOT_APPLICABLE.contains(e.code()) ? BulkItemState.SKIPPED : BulkItemState.FAILED;
            return new Outcome(item, state, e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bulk operation " + op.id() + " item " + item.seq() + " failed", e);
            return new Outcome(item, BulkItemState.FAILED, "INTERNAL_ERROR: " + e);
        }
    }

    private Outcome rerun(Stored op, ClaimedItem item) {
        Instance source = instances.get(op.createdBy(), item.sourceInstanceId());
        int version = designs.targetVersion(
                source.appId(), source.version(), op.options().version());
        JsonObject parameters = source.parameters() instanceof JsonObject o ? o : Jsons.EMPTY_OBJECT;
        return startRun(op, item, source.id(), source.appId(), version, parameters);
    }

    /** A dataset row on the item's version, with the row's parameters. */
    private Outcome runRow(Stored op, ClaimedItem item) {
        Dataset dataset = datasets.find(item.datasetId()).orElseThrow();
        JsonObject parameters =
                datasets.row(item.datasetId(), item.datasetLine()).orElseThrow();
        return startRun(op, item, null, dataset.appId(), item.version(), parameters);
    }

    /** A new run of {@code version} (as {@code source} ran it, for a draft) under the item's chosen id. */
    private Outcome startRun(
            Stored op, ClaimedItem item, String source, String appId, int version, JsonObject parameters) {
        String json = designs.designJson(source, appId, version);
        runs.startVersion(
                op.createdBy(),
                appId,
                version,
                FunctionDesignReader.read(Jsons.parse(json)),
                version == InstanceStore.DRAFT_VERSION ? json : null,
                parameters,
                BulkStart.lineage(bulk(item), RunLineage.NONE),
                item.instanceId(),
                null,
                false);
        return running(item);
    }

    private Outcome cancel(Stored op, ClaimedItem item) {
        RunState state = instances.stateOf(op.createdBy(), item.sourceInstanceId());
        if (!state.isActive()) {
            return new Outcome(item, BulkItemState.SKIPPED, "the run had already ended (" + state + ")");
        }
        runs.cancel(op.createdBy(), item.sourceInstanceId());
        return new Outcome(item, BulkItemState.SUCCEEDED, null);
    }

    private Outcome confirm(Stored op, ClaimedItem item) {
        RunState state = instances.stateOf(op.createdBy(), item.sourceInstanceId());
        if (state != RunState.WAITING) {
            return new Outcome(item, BulkItemState.SKIPPED, "the run is not waiting for a person (" + state + ")");
        }
        String nodeKey = op.options().nodeKey();
        List<String> waiting = List.copyOf(
                instances.recordedWait(item.sourceInstanceId()).waitingSince().keySet());
        if (nodeKey != null && !waiting.contains(nodeKey)) {
            return new Outcome(item, BulkItemState.SKIPPED, "node '" + nodeKey + "' is not waiting (" + waiting + ")");
        }
        for (String key : nodeKey == null ? waiting : List.of(nodeKey)) {
            runs.confirm(
                    op.createdBy(), item.sourceInstanceId(), key, op.options().approved(), null);
        }
        return new Outcome(item, BulkItemState.SUCCEEDED, null);
    }

    private static ReplayRequest request(Stored op, String fromNodeKey) {
        BulkOptions o = op.options();
        return new ReplayRequest(fromNodeKey, o.inputs(), o.parameters(), o.version(), false);
    }

    private static BulkStart bulk(ClaimedItem item) {
        return new BulkStart(item.instanceId(), item.operationId(), item.seq(), item.sourceInstanceId());
    }

    private static Outcome running(ClaimedItem item) {
        return new Outcome(item, null, null);
    }
}
