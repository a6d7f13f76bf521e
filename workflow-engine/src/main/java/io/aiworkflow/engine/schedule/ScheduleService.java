package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkOperationService.CreateRequest;
import io.aiworkflow.engine.bulk.BulkOperationService.Created;
import io.aiworkflow.engine.bulk.BulkOptions;
import io.aiworkflow.engine.bulk.BulkSelection;
import io.aiworkflow.engine.dataset.Dataset;
import io.aiworkflow.engine.dataset.DatasetService;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.schedule.ScheduleStore.RunNow;
import io.aiworkflow.engine.schedule.ScheduleStore.Stored;
import io.aiworkflow.engine.schedule.ScheduleViews.Backfill;
import io.aiworkflow.engine.schedule.ScheduleViews.Firing;
import io.aiworkflow.engine.schedule.ScheduleViews.FiringPage;
import io.aiworkflow.engine.schedule.ScheduleViews.PreviewTime;
import io.aiworkflow.engine.schedule.ScheduleViews.Schedule;
import io.aiworkflow.engine.schedule.ScheduleViews.SchedulePage;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Schedules as the API and the console see them: a team's members read them, editors and admins
 * change them. A schedule starts runs as the person who created it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ScheduleService {

    @Inject
    private AuditLog audit;

    public static final int MAX_PREVIEW = 1000;
    /** this many times in a row that did not run make a warning on the schedule */
    static final int SKIPS_FOR_WARNING = 3;

    @Inject
    private ScheduleStore store;

    @Inject
    private AppRepository apps;

    @Inject
    private DatasetService datasets;

    @Inject
    private FiringStarter starter;

    @Inject
    private ServerIdentity identity;

    @Inject
    private BulkOperationService bulk;

    @Inject
    private ScheduleBackfills backfills;

    public Schedule create(Caller caller, String appId, JsonObject body) {
        AccessPolicy.requireWrite(caller);
        ScheduleDefinition def = ScheduleDefinition.fromJson(body);
        App app = runnableApp(caller, appId, def);
        int limit = Settings.current().intValue(Setting.SCHEDULES_PER_TEAM, 20_000);
        if (store.count(app.getTeamId(), null) >= limit) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT,
                    "the team has " + limit + " schedules, the most it may have; delete some first");
        }
        String id = UUID.randomUUID().toString();
        store.insert(id, app.getTeamId(), appId, def, store.databaseNow(), caller);
        audit.record(caller, AuditAction.SCHEDULE_CREATE, "schedule:" + id, def.name() + " of app " + appId);
        return view(stored(caller, id));
    }

    public SchedulePage list(Caller caller, String appId, int page, int pageSize) {
        if (appId != null) {
            apps.visibleApp(caller, appId);
        }
        int size = pageSize <= 0 ? 20 : Math.min(pageSize, 200);
        int p = Math.max(page, 1);
        List<Schedule> items = store.list(caller.teamId(), appId, (p - 1) * size, size).stream()
                .map(ScheduleService::view)
                .toList();
        return new SchedulePage(store.count(caller.teamId(), appId), p, size, items);
    }

    public Schedule get(Caller caller, String appId, String id) {
        return view(stored(caller, appId, id));
    }

    /** Replaces the definition; the next time follows the new one (no catch-up for the old one). */
    public Schedule replace(Caller caller, String appId, String id, JsonObject body) {
        AccessPolicy.requireWrite(caller);
        stored(caller, appId, id);
        ScheduleDefinition def = ScheduleDefinition.fromJson(body);
        runnableApp(caller, appId, def);
        store.replace(id, def, store.databaseNow());
        audit.record(caller, AuditAction.SCHEDULE_UPDATE, "schedule:" + id, def.name());
        return view(stored(caller, id));
    }

    public void delete(Caller caller, String appId, String id) {
        AccessPolicy.requireWrite(caller);
        Stored s = stored(caller, appId, id);
        store.delete(id);
        audit.record(
                caller,
                AuditAction.SCHEDULE_DELETE,
                "schedule:" + id,
                s.definition().name());
    }

    public Schedule pause(Caller caller, String appId, String id) {
        AccessPolicy.requireWrite(caller);
        stored(caller, appId, id);
        store.pause(id, store.databaseNow(), null);
        audit.record(caller, AuditAction.SCHEDULE_PAUSE, "schedule:" + id, null);
        return view(stored(caller, id));
    }

    /** Resumes with the times still to come; the paused period's times are left to a backfill. */
    public Schedule resume(Caller caller, String appId, String id) {
        AccessPolicy.requireWrite(caller);
        Stored s = stored(caller, appId, id);
        if (s.definition().enabled()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "schedule " + id + " is not paused");
        }
        store.resume(id, store.databaseNow());
        audit.record(caller, AuditAction.SCHEDULE_RESUME, "schedule:" + id, null);
        return view(stored(caller, id));
    }

    /** A firing now, under the schedule's overlap policy: it may start a run, wait, or be skipped. */
    public Firing runNow(Caller caller, String appId, String id) {
        AccessPolicy.requireWrite(caller);
        Stored s = stored(caller, appId, id);
        RunNow run = store.runNow(id, store.databaseNow(), identity.serverId()).orElseThrow(() -> notFound(id));
        starter.cancel(run.cancels());
        if (run.state() == FiringState.STARTING) {
            starter.start(run.key());
        }
        audit.record(
                caller,
                AuditAction.SCHEDULE_RUN_NOW,
                "schedule:" + id,
                run.state().name());
        return store.firings(s, null, 0, 50).stream()
                .filter(f -> f.scheduledTime().toInstant().equals(run.key().scheduledTime()))
                .findFirst()
                .orElseThrow();
    }

    /**
     * A backfill of the schedule's times from {@code from} to {@code to} that have no run: a dry run
     * lists them (the first {@value #MAX_PREVIEW}) with the token that starts it; started, it is a
     * bulk operation running them in order, one at a time unless {@code maxInFlight} says more.
     */
    public Object backfill(Caller caller, String appId, String id, BackfillRequest request) {
        Stored s = stored(caller, appId, id);
        CreateRequest create = new CreateRequest(
                BulkAction.BACKFILL,
                BulkSelection.backfill(id, request.from(), request.to()),
                new BulkOptions(null, null, null, null, null, null),
                request.dryRun(),
                request.selectionToken(),
                request.expectedCount(),
                request.maxInFlight(),
                request.startsPerSecond(),
                null,
                request.reason(),
                null,
                null);
        Created created = bulk.create(caller, create);
        if (created.preview() == null) {
            audit.record(
                    caller,
                    AuditAction.SCHEDULE_BACKFILL,
                    "schedule:" + id,
                    request.from() + " to " + request.to() + " as bulk operation "
                            + created.operation().id());
            return created.operation();
        }
        List<PreviewTime> times =
                backfills.backfillTimes(caller, id, request.from(), request.to(), MAX_PREVIEW - 1).stream()
                        .limit(MAX_PREVIEW)
                        .map(t -> new PreviewTime(
                                ScheduleParameters.local(
                                        t, s.definition().spec().zone()),
                                t.atOffset(ZoneOffset.UTC),
                                null))
                        .toList();
        return new Backfill(
                created.preview().count(), times, null, created.preview().selectionToken());
    }

    /** What a backfill request asks for; a dry run unless {@code dryRun} is false. */
    public record BackfillRequest(
            Instant from,
            Instant to,
            boolean dryRun,
            String selectionToken,
            Long expectedCount,
            Integer maxInFlight,
            Double startsPerSecond,
            String reason) {}

    public FiringPage firings(Caller caller, String appId, String id, FiringState state, int page, int pageSize) {
        Stored s = stored(caller, appId, id);
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 500);
        int p = Math.max(page, 1);
        return new FiringPage(store.countFirings(id, state), p, size, store.firings(s, state, (p - 1) * size, size));
    }

    /** The schedule's next {@code count} times from now (at most {@value #MAX_PREVIEW}). */
    public List<PreviewTime> preview(Caller caller, String appId, String id, int count) {
        Stored s = stored(caller, appId, id);
        Instant from = s.handledUntil().isAfter(store.databaseNow()) ? s.handledUntil() : store.databaseNow();
        return preview(s.definition(), from, count, s.runsSoFar());
    }

    /** The next times of a definition not saved yet (the console's form, as the cron is typed). */
    public List<PreviewTime> preview(Caller caller, String appId, JsonObject body, int count) {
        apps.visibleApp(caller, appId);
        return preview(ScheduleDefinition.fromJson(body), store.databaseNow(), count, 0);
    }

    private static List<PreviewTime> preview(ScheduleDefinition def, Instant from, int count, long runsSoFar) {
        if (count < 1 || count > MAX_PREVIEW) {
            throw WorkflowException.validation("count", "must be between 1 and " + MAX_PREVIEW);
        }
        return ScheduleTimes.next(def.spec(), from, count, runsSoFar).stream()
                .map(ScheduleService::previewTime)
                .toList();
    }

    static PreviewTime previewTime(ScheduledTime t) {
        return new PreviewTime(
                ScheduleParameters.local(t.instant(), t.local().getZone()),
                t.instant().atOffset(ZoneOffset.UTC),
                t.clockChange());
    }

    /**
     * A schedule may only be made for an enabled Workflow app that can run what it asks: its
     * published version (or the version it names) and, for a dataset firing, a dataset of that app.
     */
    private App runnableApp(Caller caller, String appId, ScheduleDefinition def) {
        App app = apps.visibleApp(caller, appId);
        if (app.getAppType() != AppType.Workflow) {
            throw new WorkflowException(ErrorCode.CONFLICT, "app " + appId + " is not a Workflow app");
        }
        if (app.isDisabled()) {
            throw new WorkflowException(ErrorCode.APP_DISABLED, "app " + appId + " is disabled");
        }
        if (def.versionNumber() == null) {
            if (apps.design(appId).filter(AppWorkflowDesign::isPublish).isEmpty()) {
                throw new WorkflowException(
                        ErrorCode.NOT_PUBLISHED, "app " + appId + " has no published version to schedule");
            }
        } else if (apps.version(appId, def.versionNumber()).isEmpty()) {
            throw new WorkflowException(
                    ErrorCode.VERSION_NOT_FOUND, "app " + appId + " has no version " + def.versionNumber());
        }
        if (def.datasetId() != null) {
            Dataset dataset = datasets.get(caller, def.datasetId());
            if (!dataset.appId().equals(appId)) {
                throw WorkflowException.validation("datasetId", "dataset " + def.datasetId() + " is not this app's");
            }
        }
        return app;
    }

    private Stored stored(Caller caller, String appId, String id) {
        Stored s = stored(caller, id);
        if (appId != null && !s.appId().equals(appId)) {
            throw notFound(id);
        }
        return s;
    }

    Stored stored(Caller caller, String id) {
        Optional<Stored> s = store.find(id);
        if (s.isEmpty() || !AccessPolicy.canSee(caller, s.get().teamId())) {
            throw notFound(id);
        }
        return s.get();
    }

    static Schedule view(Stored s) {
        List<FiringState> last = s.lastStates();
        String warning = last.size() >= SKIPS_FOR_WARNING && last.stream().allMatch(FiringState::isSkip)
                ? "the last " + SKIPS_FOR_WARNING + " scheduled times did not run ("
                        + last.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")"
                : null;
        return new Schedule(
                s.id(),
                s.appId(),
                s.definition().name(),
                s.definition().toJson(),
                s.definition().enabled(),
                s.pausedReason(),
                s.pausedAt(),
                s.nextFireAt() == null ? null : s.nextFireAt().atOffset(ZoneOffset.UTC),
                s.nextFireAt() == null
                        ? null
                        : ScheduleParameters.local(
                                s.nextFireAt(), s.definition().spec().zone()),
                s.runsSoFar(),
                last.isEmpty() ? null : last.get(0).name(),
                s.lastScheduledTime(),
                warning,
                s.createdBy().name(),
                s.createdAt(),
                s.updatedAt());
    }

    private static WorkflowException notFound(String id) {
        return new WorkflowException(ErrorCode.NOT_FOUND, "no schedule with id " + id);
    }
}
