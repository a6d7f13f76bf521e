package io.aiworkflow.engine.runs;

import io.aiworkflow.domain.definition.DesignProblem;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.apps.RunnableApps;
import io.aiworkflow.engine.apps.RunnableApps.RunnableApp;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.execution.Replay;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.execution.WorkflowExecutor;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.NewInstance;
import io.aiworkflow.engine.history.PendingInstances;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.trace.TraceLevel;
import io.aiworkflow.engine.trace.TraceRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Starts and cancels runs. Request problems (unknown app, disabled, unpublished, bad parameters)
 * are thrown before anything is recorded; once the instance is opened, every problem arrives as
 * the run's own events (and the instance ends Failed).
 */
@ApplicationScoped
public class RunService {

    @Inject
    private AuditLog audit;

    @Inject
    private RunnableApps runnableApps;

    @Inject
    private InstanceStore instances;

    @Inject
    private LiveRuns liveRuns;

    @Inject
    private WorkflowExecutor executor;

    @Inject
    private CdiEventSink sink;

    @Inject
    private ServerIdentity server;

    @Inject
    private HistoryWriter history;

    @Inject
    private TraceRecorder traces;

    @Inject
    private RunTakeOver takeOver;

    @Inject
    private DefinitionService definitions;

    @Inject
    private PendingInstances pendingInstances;

    private static final long RECORD_WAIT_SECONDS = 30;

    public LiveRun start(Caller caller, String appId, JsonObject parameters, RunOrigin origin) {
        return start(caller, appId, parameters, origin, false);
    }

    /** {@code traceFrames}: the live run also carries trace frames (streamModes=trace). */
    public LiveRun start(Caller caller, String appId, JsonObject parameters, RunOrigin origin, boolean traceFrames) {
        return startPublished(caller, appId, parameters, origin, traceFrames, false);
    }

    /**
     * For a caller that waits for the run's answer and learns its id only from that answer (or from
     * {@link LiveRun#opened()}): the run's row is inserted with its first history rows, in their
     * commit, rather than in a commit of its own before the run starts. A short run then costs one
     * commit and one write of its row instead of two of each.
     */
    public LiveRun startForAnswer(Caller caller, String appId, JsonObject parameters, RunOrigin origin) {
        return startPublished(caller, appId, parameters, origin, false, true);
    }

    private LiveRun startPublished(
            Caller caller,
            String appId,
            JsonObject parameters,
            RunOrigin origin,
            boolean traceFrames,
            boolean openWithHistory) {
        RunnableApp app = runnableApps.published(caller, appId);
        return launch(
                caller,
                app,
                app.publishedVersion(),
                runnableApps.design(app),
                null,
                parameters,
                origin,
                traceFrames,
                RunLineage.NONE,
                null,
                null,
                openWithHistory);
    }

    /**
     * Runs an unsaved design of a Workflow app (tried out from an editor): recorded with version
     * {@link InstanceStore#DRAFT_VERSION} and the design itself, so history, status and a take-over
     * read what ran. A design the validator refuses is a {@code VALIDATION_ERROR} naming each problem.
     */
    public LiveRun startDraft(
            Caller caller, String appId, JsonObject designJson, JsonObject parameters, RunOrigin origin) {
        RunnableApp app = runnableApps.runnable(caller, appId);
        List<DesignProblem> problems = definitions.validate(designJson.toString());
        if (!problems.isEmpty()) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    "the design cannot run: "
                            + problems.stream().map(DesignProblem::message).collect(Collectors.joining("; ")));
        }
        return launch(
                caller,
                app,
                InstanceStore.DRAFT_VERSION,
                FunctionDesignReader.read(designJson),
                designJson.toString(),
                parameters,
                origin,
                false,
                RunLineage.NONE,
                null,
                null,
                false);
    }

    /**
     * Starts a run of {@code version} (its design given; {@code draftDesign} for a draft version) with
     * the given lineage: a replay when {@code replay} holds recorded outcomes to reuse (planned by
     * {@code ReplayService}), a plain run otherwise. {@code chosenId}: the instance id to use (a bulk
     * operation chooses it when it claims an item), null for a new one.
     */
    public LiveRun startVersion(
            Caller caller,
            String appId,
            int version,
            FunctionDesign design,
            String draftDesign,
            JsonObject parameters,
            RunLineage lineage,
            String chosenId,
            Replay replay,
            boolean traceFrames) {
        return launch(
                caller,
                runnableApps.runnable(caller, appId),
                version,
                design,
                draftDesign,
                parameters,
                RunOrigin.API,
                traceFrames,
                lineage,
                chosenId,
                replay,
                false);
    }

    private LiveRun launch(
            Caller caller,
            RunnableApp app,
            int version,
            FunctionDesign functionDesign,
            String draftDesign,
            JsonObject parameters,
            RunOrigin origin,
            boolean traceFrames,
            RunLineage lineage,
            String chosenId,
            Replay replay,
            boolean openWithHistory) {
        String appId = app.id();
        JsonObject params = parameters == null ? Jsons.object().build() : parameters;

        String instanceId = chosenId == null ? UUID.randomUUID().toString() : chosenId;
        LiveRun live = liveRuns.register(instanceId);
        TraceLevel traceLevel = TraceLevel.parse(app.traceLevel());
        if (traceFrames) {
            live.traceFrames(traceLevel, app.name());
        }
        live.recordedBy(history.whenClosed(instanceId));
        NewInstance row = new NewInstance(
                instanceId,
                appId,
                app.teamId(),
                app.designId(),
                version,
                params,
                caller,
                server.serverId(),
                Instant.now(),
                origin,
                draftDesign,
                lineage);
        if (openWithHistory) {
            live.openedBy(pendingInstances.register(row));
        } else {
            instances.open(row);
        }
        RunRequest request = new RunRequest(
                instanceId,
                appId,
                version,
                app.teamId(),
                caller.userId() == null ? 0 : caller.userId(),
                functionDesign,
                params,
                origin);
        traces.expect(instanceId, traceLevel, app.name());
        try {
            live.attach(replay == null ? executor.start(request, sink) : executor.replay(request, replay, sink));
        } catch (RuntimeException e) {
            pendingInstances.abandon(instanceId);
            traces.abandon(instanceId);
            throw e;
        }
        return live;
    }

    /** Cancels a run of this server (or a waiting one whose server stopped); a finished run cannot be canceled. */
    public void cancel(Caller caller, String instanceId) {
        AccessPolicy.requireWrite(caller);
        RunState state = instances.stateOf(caller, instanceId);
        LiveRun live = liveOrResumed(instanceId, state);
        if (!state.isActive() || live == null || live.isFinished() || live.handle() == null) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT, "instance " + instanceId + " is not running (" + state + ")");
        }
        live.handle().cancel();
        awaitRecorded(instanceId);
        audit.record(caller, AuditAction.RUN_CANCEL, "run:" + instanceId, null);
    }

    /**
     * Acknowledged means recorded: a confirm or cancel is answered only once what it caused is in
     * the database, so a crash right after the answer loses nothing the client was told.
     */
    private void awaitRecorded(String instanceId) {
        try {
            history.whenWritten(instanceId).get(RECORD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException(
                    ErrorCode.NOT_YET_RECORDED, "interrupted before run " + instanceId + " was recorded");
        } catch (ExecutionException | TimeoutException e) {
            throw new WorkflowException(
                    ErrorCode.NOT_YET_RECORDED,
                    "the request was carried out, but the database" + " has not recorded it within "
                            + RECORD_WAIT_SECONDS + " s; read run " + instanceId + " again");
        }
    }

    /**
     * Answers a run waiting for human confirmation of {@code nodeKey} (SSE event
     * {@code workflow_waiting}): approved, the node runs with {@code inputs} merged over its evaluated
     * inputs; rejected, the node's {@code onReject} applies. CONFLICT when that node is not waiting.
     */
    public void confirm(Caller caller, String instanceId, String nodeKey, boolean approved, JsonObject inputs) {
        AccessPolicy.requireWrite(caller);
        RunState state = instances.stateOf(caller, instanceId);
        LiveRun live = liveOrResumed(instanceId, state);
        if (live == null || live.isFinished() || live.handle() == null) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT,
                    "instance " + instanceId + " is not waiting for confirmation on this server (" + state + ")");
        }
        live.handle().confirm(nodeKey, approved, inputs, assignees -> AccessPolicy.mayAnswer(caller, assignees));
        awaitRecorded(instanceId);
        audit.record(
                caller,
                approved ? AuditAction.RUN_APPROVE : AuditAction.RUN_REJECT,
                "run:" + instanceId,
                "node " + nodeKey);
    }

    /**
     * The run as this server holds it; a waiting run whose server stopped (or which is just being
     * taken over) is taken over first, so it can be answered or canceled here. Null when not live here.
     */
    private LiveRun liveOrResumed(String instanceId, RunState state) {
        LiveRun live = liveRuns.find(instanceId).orElse(null);
        if ((live == null || live.handle() == null) && state == RunState.WAITING) {
            return takeOver.takeOver(instanceId);
        }
        return live;
    }
}
