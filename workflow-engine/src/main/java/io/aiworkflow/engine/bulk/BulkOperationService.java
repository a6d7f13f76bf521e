package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.model.bulk.BulkItemState;
import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.bulk.BulkOperationStore.NewOperation;
import io.aiworkflow.engine.bulk.BulkViews.AuditEntry;
import io.aiworkflow.engine.bulk.BulkViews.ItemPage;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.engine.bulk.BulkViews.OperationPage;
import io.aiworkflow.engine.bulk.BulkViews.Preview;
import io.aiworkflow.engine.dataset.Dataset;
import io.aiworkflow.engine.dataset.DatasetService;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bulk operations as the API and the console use them. Creating one is a dry run unless asked
 * otherwise; starting for real needs the dry run's token and count, so what runs is what was
 * counted. Pause, resume, cancel and pace changes take effect on every server at its next claim.
 */
@ApplicationScoped
public class BulkOperationService {

    @Inject
    private AuditLog audit;

    private static final Logger LOG = Logger.getLogger(BulkOperationService.class.getName());

    public static final int MAX_IN_FLIGHT = 256;
    public static final double MAX_STARTS_PER_SECOND = 1000;
    public static final int MAX_DATASET_VERSIONS = 10;

    /**
     * A request to act on runs. {@code maxInFlight}, {@code startsPerSecond} and
     * {@code failurePolicy} may be null for their defaults (4, 2 and the platform's policy).
     */
    public record CreateRequest(
            BulkAction action,
            BulkSelection selection,
            BulkOptions options,
            boolean dryRun,
            String selectionToken,
            Long expectedCount,
            Integer maxInFlight,
            Double startsPerSecond,
            FailurePolicy failurePolicy,
            String reason,
            String idempotencyKey,
            List<String> versions) {}

    /** A dry run's preview, or the operation created (or found under the idempotency key). */
    public record Created(Preview preview, Operation operation, boolean isNew) {}

    @Inject
    private BulkOperationStore operations;

    @Inject
    private BulkItemStore items;

    @Inject
    private BulkJobs jobs;

    @Inject
    private RunService runs;

    @Inject
    private DatasetService datasets;

    @Inject
    private ScheduledRuns scheduledRuns;

    @Inject
    private RecordedDesigns designs;

    public Created create(Caller caller, CreateRequest request) {
        AccessPolicy.requireWrite(caller);
        request.options().checkFor(request.action());
        RecordedDesigns.checkSpec(request.options().version());
        BulkOptions options = request.options();
        if ((request.action() == BulkAction.RUN) != request.selection().isDataset()) {
            throw WorkflowException.validation(
                    "selection", "the run action takes a datasetId, every other action a selection of runs");
        }
        if ((request.action() == BulkAction.BACKFILL) != request.selection().isBackfill()) {
            throw WorkflowException.validation(
                    "selection", "the backfill action takes a scheduleId with from and to, no other action does");
        }
        if (request.action() == BulkAction.RUN) {
            Dataset dataset = datasets.get(caller, request.selection().datasetId());
            options = options.withVersions(
                    datasetVersions(dataset.appId(), request.versions()), options.repetitionsOrOne());
        }
        int limit = Settings.current().intValue(Setting.BULK_MAX_ITEMS, 100_000);
        long team = caller.teamId();
        List<Instant> times = null;
        if (request.selection().isBackfill()) {
            BulkSelection.BackfillRange range = request.selection().backfill();
            times = scheduledRuns.backfillTimes(caller, range.scheduleId(), range.from(), range.to(), limit);
        }
        if (request.dryRun()) {
            Preview preview = times != null
                    ? operations.backfillPreview(team, request.selection(), times, limit)
                    : operations.preview(team, request.selection(), options, limit);
            if (preview.count() > limit) {
                throw new WorkflowException(
                        ErrorCode.SELECTION_TOO_LARGE,
                        "the selection holds " + preview.count() + " runs; at most " + limit
                                + " may be acted on at once: narrow it",
                        Map.of("count", preview.count(), "limit", limit));
            }
            return new Created(preview, null, false);
        }
        if (request.selectionToken() == null || request.expectedCount() == null) {
            throw WorkflowException.validation(
                    "selectionToken", "starting for real needs the dry run's selectionToken and expectedCount");
        }
        String reason = requireReason(request.reason());
        if (request.idempotencyKey() != null) {
            Optional<String> earlier = operations.byIdempotencyKey(team, request.idempotencyKey());
            if (earlier.isPresent()) {
                return new Created(null, get(caller, earlier.get()), false);
            }
        }
        String id = UUID.randomUUID().toString();
        NewOperation op = new NewOperation(
                id,
                team,
                request.action(),
                request.selection(),
                options,
                maxInFlight(request.maxInFlight(), request.action() == BulkAction.BACKFILL ? 1 : 4),
                startsPerSecond(request.startsPerSecond(), 2),
                request.failurePolicy() == null ? defaultPolicy() : request.failurePolicy(),
                reason,
                null,
                request.idempotencyKey(),
                caller);
        try {
            operations.create(op, times, request.selectionToken(), request.expectedCount(), limit);
        } catch (IllegalStateException e) {
            // two requests with one idempotency key at once: the other one created it
            Optional<String> earlier = request.idempotencyKey() == null
                    ? Optional.empty()
                    : operations.byIdempotencyKey(team, request.idempotencyKey());
            if (earlier.isPresent()) {
                return new Created(null, get(caller, earlier.get()), false);
            }
            throw e;
        }
        startQueued();
        audit.record(caller, AuditAction.BULK_CREATE, "bulk:" + id, request.action() + ": " + reason);
        return new Created(null, get(caller, id), true);
    }

    /** The versions a dataset runs on, as numbers: {@code published} by default; each must exist. */
    private List<Integer> datasetVersions(String appId, List<String> specs) {
        List<String> asked = specs == null || specs.isEmpty() ? List.of("published") : specs;
        if (asked.size() > MAX_DATASET_VERSIONS) {
            throw WorkflowException.validation("versions", "at most " + MAX_DATASET_VERSIONS + " versions");
        }
        List<Integer> versions = new java.util.ArrayList<>();
        for (String spec : asked) {
            int version = designs.targetVersion(appId, 0, RecordedDesigns.checkSpec(spec));
            if (version < 1) {
                throw WorkflowException.validation("versions", "must be published or version numbers");
            }
            designs.designJson(null, appId, version); // VERSION_NOT_FOUND if there is no such version
            if (!versions.contains(version)) {
                versions.add(version);
            }
        }
        return versions;
    }

    /**
     * Creates a child operation acting again on the runs whose items failed (a dataset run's failed
     * items are rerun: the same row on the same version).
     */
    public Operation retryFailed(Caller caller, String id, String reason) {
        AccessPolicy.requireWrite(caller);
        BulkOperationStore.Stored parent = stored(caller, id);
        List<String> failed = items.failedSources(id);
        if (failed.isEmpty()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "bulk operation " + id + " has no failed items");
        }
        String childId = UUID.randomUUID().toString();
        operations.create(
                new NewOperation(
                        childId,
                        parent.teamId(),
                        parent.action() == BulkAction.RUN ? BulkAction.RERUN : parent.action(),
                        new BulkSelection(null, failed),
                        parent.action() == BulkAction.RUN
                                ? new BulkOptions("original", null, null, null, null, null)
                                : parent.options(),
                        parent.maxInFlight(),
                        parent.startsPerSecond(),
                        parent.failurePolicy(),
                        requireReason(reason),
                        id,
                        null,
                        caller),
                null,
                failed.size(),
                Settings.current().intValue(Setting.BULK_MAX_ITEMS, 100_000));
        startQueued();
        audit.record(
                caller, AuditAction.BULK_RETRY_FAILED, "bulk:" + id, "as bulk operation " + childId + ": " + reason);
        return get(caller, childId);
    }

    public Operation get(Caller caller, String id) {
        Operation op = operations.view(id).orElseThrow(() -> notFound(id));
        if (!AccessPolicy.canSee(caller, op.teamId())) {
            throw notFound(id);
        }
        return op;
    }

    /** A dataset run's versions (in order); null for any other operation. */
    public List<Integer> datasetVersions(Caller caller, String id) {
        BulkOperationStore.Stored op = stored(caller, id);
        return op.action() == BulkAction.RUN ? op.options().versions() : null;
    }

    public OperationPage list(Caller caller, BulkState state, BulkAction action, int page, int pageSize) {
        return operations.list(
                caller.role().isAdmin() ? null : caller.teamId(),
                state,
                action == null ? null : action.name(),
                page,
                pageSize);
    }

    public ItemPage items(Caller caller, String id, BulkItemState state, int page, int pageSize) {
        get(caller, id);
        return items.items(id, state, page, pageSize);
    }

    public List<AuditEntry> audit(Caller caller, String id) {
        get(caller, id);
        return operations.auditTrail(id);
    }

    /** No new item starts; running ones finish. */
    public Operation pause(Caller caller, String id, String reason) {
        change(caller, id, EnumSet.of(BulkState.CREATED, BulkState.RUNNING), BulkState.PAUSED, "PAUSE", reason);
        jobs.stopHere(id);
        audit.record(caller, AuditAction.BULK_PAUSE, "bulk:" + id, reason);
        return get(caller, id);
    }

    /** Goes on from where it was paused (or paused itself). */
    public Operation resume(Caller caller, String id, String reason) {
        change(caller, id, EnumSet.of(BulkState.PAUSED), BulkState.RUNNING, "RESUME", reason);
        jobs.ensureWorking();
        audit.record(caller, AuditAction.BULK_RESUME, "bulk:" + id, reason);
        return get(caller, id);
    }

    /** No new item starts, pending items are canceled; with {@code cancelRunning}, so are the runs items started. */
    public Operation cancel(Caller caller, String id, String reason, boolean cancelRunning) {
        change(
                caller,
                id,
                EnumSet.of(BulkState.CREATED, BulkState.RUNNING, BulkState.PAUSED),
                BulkState.CANCELED,
                "CANCEL",
                reason);
        jobs.stopHere(id);
        audit.record(caller, AuditAction.BULK_CANCEL, "bulk:" + id, reason);
        if (cancelRunning) {
            for (String instanceId : items.runningInstances(id)) {
                try {
                    runs.cancel(caller, instanceId);
                } catch (WorkflowException e) {
                    LOG.log(Level.FINE, "bulk operation " + id + ": run " + instanceId + " not canceled", e);
                }
            }
        }
        return get(caller, id);
    }

    /** Changes the pace while the operation runs; null leaves a value as it is. */
    public Operation updatePace(Caller caller, String id, Integer maxInFlight, Double startsPerSecond) {
        AccessPolicy.requireWrite(caller);
        Operation op = get(caller, id);
        if (BulkState.valueOf(op.state()).isEnded()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "bulk operation " + id + " has ended (" + op.state() + ")");
        }
        Integer max = maxInFlight == null ? null : maxInFlight(maxInFlight, 0);
        Double pace = startsPerSecond == null ? null : startsPerSecond(startsPerSecond, 0);
        operations.updatePace(id, max, pace);
        operations.audit(
                id,
                caller.name(),
                "UPDATE",
                "maxInFlight=" + (max == null ? op.maxInFlight() : max) + ", startsPerSecond="
                        + (pace == null ? op.startsPerSecond() : pace));
        audit.record(caller, AuditAction.BULK_PACE, "bulk:" + id, "maxInFlight=" + max + ", startsPerSecond=" + pace);
        return get(caller, id);
    }

    private void change(Caller caller, String id, EnumSet<BulkState> from, BulkState to, String action, String reason) {
        AccessPolicy.requireWrite(caller);
        String why = requireReason(reason);
        Operation op = get(caller, id);
        String pauseReason = to == BulkState.PAUSED ? "paused by " + caller.name() + ": " + why : null;
        if (!operations.transition(id, from, to, pauseReason)) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT,
                    "bulk operation " + id + " is "
                            + operations.view(id).map(Operation::state).orElse(op.state()) + "; it can be "
                            + action.toLowerCase() + "d only when " + from);
        }
        operations.audit(id, caller.name(), action, why);
    }

    private void startQueued() {
        operations.promoteQueued(Settings.current().intValue(Setting.BULK_RUNNING_PER_TEAM, 2));
        jobs.ensureWorking();
    }

    private BulkOperationStore.Stored stored(Caller caller, String id) {
        get(caller, id);
        return operations.find(id).orElseThrow(() -> notFound(id));
    }

    /** The platform's failure policy (settings), for operations that do not give their own. */
    public static FailurePolicy defaultPolicy() {
        Settings settings = Settings.current();
        return new FailurePolicy(
                settings.intValue(Setting.BULK_PAUSE_FAILURE_PERCENT, 20),
                settings.intValue(Setting.BULK_PAUSE_MIN_ENDED, 20),
                settings.intValue(Setting.BULK_PAUSE_FAILURES_IN_A_ROW, 10));
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw WorkflowException.validation("reason", "is required: say why (it goes to the audit trail)");
        }
        if (reason.length() > 1000) {
            throw WorkflowException.validation("reason", "must be at most 1000 characters");
        }
        return reason.strip();
    }

    private static int maxInFlight(Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 1 || v > MAX_IN_FLIGHT) {
            throw WorkflowException.validation("maxInFlight", "must be between 1 and " + MAX_IN_FLIGHT);
        }
        return v;
    }

    private static double startsPerSecond(Double value, double fallback) {
        double v = value == null ? fallback : value;
        if (!(v > 0) || v > MAX_STARTS_PER_SECOND) {
            throw WorkflowException.validation(
                    "startsPerSecond", "must be more than 0 and at most " + (int) MAX_STARTS_PER_SECOND);
        }
        return v;
    }

    private static WorkflowException notFound(String id) {
        return new WorkflowException(ErrorCode.NOT_FOUND, "no bulk operation with id " + id);
    }
}
