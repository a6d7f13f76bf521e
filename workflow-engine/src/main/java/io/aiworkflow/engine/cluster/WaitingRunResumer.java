package io.aiworkflow.engine.cluster;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.execution.RecordedOutcomes;
import io.aiworkflow.engine.execution.ResumePoint;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.execution.WorkflowExecutor;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.runs.CdiEventSink;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.LiveRuns;
import io.aiworkflow.engine.runs.RunTakeOver;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings a run that waited for a person when its server stopped back to life on this server
 * (the pause is durable). Its state is all in history: the published version, the
 * parameters, the outputs of the top-level nodes that ended and when its nodes began to wait.
 */
@ApplicationScoped
public class WaitingRunResumer implements RunTakeOver {

    private static final Logger LOG = Logger.getLogger(WaitingRunResumer.class.getName());
    /** a resumed run's sequence numbers continue this far after the last recorded event */
    static final long RESUME_SEQUENCE_GAP = 1_000;

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
    private DefinitionService definitions;

    /**
     * Takes over the waiting runs of servers that stopped: each is rebuilt here, so
     * its confirmation deadline runs again (its RunResumed event tells the projections). Called on a timer;
     * returns how many runs this server adopted.
     */
    public int adoptOrphanedWaitingRuns() {
        int adopted = 0;
        for (InstanceStore.WaitingRun orphan : instances.orphanedWaiting(server.serverId())) {
            if (liveRuns.find(orphan.id()).isPresent()) {
                continue;
            }
            try {
                if (resume(orphan.id()) != null) {
                    adopted++;
                }
            } catch (WorkflowException closed) {
                LOG.warning("the waiting run " + orphan.id() + " was closed: " + closed.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the waiting run " + orphan.id() + " could not be resumed yet", e);
            }
        }
        return adopted;
    }

    /**
     * A run that waited for a human when its server stopped: claims it for this server and rebuilds
     * it from history (design version, parameters, outputs of the top-level nodes that ended, when
     * its nodes began to wait), so the waiting node waits again here. Null when another (live)
     * server owns it.
     */
    @Override
    public LiveRun takeOver(String instanceId) {
        return resume(instanceId);
    }

    synchronized LiveRun resume(String instanceId) {
        LiveRun existing = liveRuns.find(instanceId).orElse(null);
        if (existing != null) {
            return existing;
        }
        if (!instances.claimWaiting(instanceId, server.serverId())) {
            return null;
        }
        InstanceStore.WaitingRun run = instances.recordedRun(instanceId);
        // the run's own team and starter, whoever answers it
        Caller owner = new Caller(run.userId() == 0 ? null : run.userId(), "resume", run.teamId(), Role.admin);
        Instance recorded = instances.get(owner, instanceId);
        FunctionDesign functionDesign;
        try {
            String designJson = instances
                    .draftDesign(instanceId)
                    .orElseGet(() -> definitions
                            .version(owner, recorded.appId(), recorded.version())
                            .functionDesign());
            functionDesign = FunctionDesignReader.read(Jsons.parse(designJson));
        } catch (RuntimeException e) {
            WorkflowException gone = WorkflowException.foundIn(e);
            if (gone == null
                    || (gone.code() != ErrorCode.APP_NOT_FOUND && gone.code() != ErrorCode.VERSION_NOT_FOUND)) {
                throw e; // tried again on the next adopter tick
            }
            // the app or its version was deleted while the run waited: it can never go on
            String message = "the run could not be resumed: " + gone.getMessage();
            instances.failWaiting(instanceId, "RESUME_FAILED", message);
            throw new WorkflowException(ErrorCode.CONFLICT, message);
        }
        InstanceStore.RecordedWait wait = instances.recordedWait(instanceId);
        // events without an API form (traces) are not in instance_event: leave room after the last stored one
        long lastSequence = wait.lastSequence() + RESUME_SEQUENCE_GAP;
        JsonObject params = recorded.parameters() instanceof JsonObject o
                ? o
                : Jsons.object().build();
        Map<String, Map<String, ResumePoint.EndedNode>> ended = endedNodeRuns(instances.endedNodeRuns(instanceId));
        LiveRun live = liveRuns.registerResumed(instanceId, wait.lastSequence());
        live.recordedBy(history.whenClosed(instanceId));
        live.attach(executor.resume(
                new RunRequest(
                        instanceId,
                        recorded.appId(),
                        recorded.version(),
                        recorded.teamId(),
                        run.userId(),
                        functionDesign,
                        params,
                        wait.origin()),
                new ResumePoint(lastSequence, recorded.startTime().toInstant(), ended, wait.waitingSince()),
                sink));
        return live;
    }

    /** The recorded outcome of every node run that ended, by scope and node key (see {@link RecordedOutcomes}). */
    private static Map<String, Map<String, ResumePoint.EndedNode>> endedNodeRuns(
            List<InstanceStore.EndedNodeRun> rows) {
        RecordedOutcomes outcomes = new RecordedOutcomes();
        for (InstanceStore.EndedNodeRun n : rows) {
            JsonObject output = n.output() instanceof JsonObject o ? o : null;
            if (n.completed()) {
                outcomes.add(n.scope(), n.nodeKey(), new ResumePoint.EndedNode(true, output, n.branch()));
            } else {
                JsonObject error = Jsons.object()
                        .add(
                                "error",
                                Jsons.object()
                                        .add(
                                                "code",
                                                n.error() == null
                                                        ? "NODE_ERROR"
                                                        : n.error().code())
                                        .add(
                                                "message",
                                                n.error() == null || n.error().message() == null
                                                        ? ""
                                                        : n.error().message()))
                        .build();
                outcomes.add(n.scope(), n.nodeKey(), new ResumePoint.EndedNode(false, error, null));
            }
        }
        return outcomes.byScope();
    }
}
