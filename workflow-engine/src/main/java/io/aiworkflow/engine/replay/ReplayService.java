package io.aiworkflow.engine.replay;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceStore.EndedNodeRun;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.runs.BulkStart;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays and retries of ended runs: a replay starts a new run from a node of an ended run (with
 * edited inputs, parameters or another version if asked), reusing the recorded outcomes of every
 * node that does not follow it; a retry replays a failed, canceled or interrupted run from each
 * node that did not complete. The new run records which run it replays and, per reused node, the
 * node execution it came from. A dry run answers the plan only.
 */
@ApplicationScoped
public class ReplayService {

    @Inject
    private AuditLog audit;

    /** {@code version}: {@code original} (default), {@code published} or a version number. */
    public record ReplayRequest(
            String fromNodeKey, JsonObject inputs, JsonObject parameters, String version, boolean traceFrames) {}

    /** A replay that was planned, and started unless it was a dry run. */
    public record Started(ReplayPlanner.Plan plan, LiveRun run) {}

    @Inject
    private InstanceStore instances;

    @Inject
    private RecordedDesigns designs;

    @Inject
    private RunService runs;

    public Started replay(Caller caller, String instanceId, ReplayRequest request, boolean dryRun) {
        return replay(caller, instanceId, request, dryRun, null);
    }

    /** {@code bulk}: the bulk operation item this replay is, or null. */
    public Started replay(Caller caller, String instanceId, ReplayRequest request, boolean dryRun, BulkStart bulk) {
        Prepared p = prepare(caller, instanceId, request.version());
        if (request.fromNodeKey() == null || request.fromNodeKey().isBlank()) {
            throw WorkflowException.validation("fromNodeKey", "is required");
        }
        String from = request.fromNodeKey();
        if (p.design().node(from).isEmpty()) {
            throw WorkflowException.validation(
                    "fromNodeKey", "'" + from + "' is not a node of version " + versionName(p.version()));
        }
        if (request.inputs() == null) {
            List<String> missing = p.planner().missingInputs(from);
            if (!missing.isEmpty()) {
                throw new WorkflowException(
                        ErrorCode.INPUTS_UNAVAILABLE,
                        "the inputs of '" + from + "' cannot be rebuilt: " + missing + " did not complete in run "
                                + instanceId + "; give 'inputs'",
                        Map.of("missing", missing));
            }
        }
        Map<String, JsonObject> inputs = request.inputs() == null ? Map.of() : Map.of(from, request.inputs());
        return start(caller, p, Set.of(from), inputs, request, false, dryRun, bulk);
    }

    public Started retry(Caller caller, String instanceId, ReplayRequest request, boolean dryRun) {
        return retry(caller, instanceId, request, dryRun, null);
    }

    /** {@code bulk}: the bulk operation item this retry is, or null. */
    public Started retry(Caller caller, String instanceId, ReplayRequest request, boolean dryRun, BulkStart bulk) {
        Prepared p = prepare(caller, instanceId, request.version());
        RunState state = RunState.fromWire(p.run().state()).orElse(RunState.FAILED);
        if (state == RunState.COMPLETED) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT, "run " + instanceId + " completed: there is nothing to retry");
        }
        Set<String> from = unfinished(p);
        if (from.isEmpty()) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT, "every node of run " + instanceId + " completed: there is nothing to retry");
        }
        return start(caller, p, from, Map.of(), request, true, dryRun, bulk);
    }

    private Started start(
            Caller caller,
            Prepared p,
            Set<String> from,
            Map<String, JsonObject> inputs,
            ReplayRequest request,
            boolean retry,
            boolean dryRun,
            BulkStart bulk) {
        JsonObject recordedParameters = p.run().parameters() instanceof JsonObject o ? o : Jsons.EMPTY_OBJECT;
        JsonObject parameters = request.parameters() == null ? recordedParameters : request.parameters();
        ReplayPlanner.Plan plan = p.planner().plan(from, inputs, !parameters.equals(recordedParameters), retry);
        if (dryRun) {
            return new Started(plan, null);
        }
        LiveRun run = runs.startVersion(
                caller,
                p.run().appId(),
                p.version(),
                p.design(),
                p.version() == InstanceStore.DRAFT_VERSION ? p.designJson() : null,
                parameters,
                BulkStart.lineage(bulk, RunLineage.replayOf(p.run().id())),
                BulkStart.instanceId(bulk),
                plan.replay(),
                request.traceFrames());
        if (bulk == null) {
            // a bulk operation's items are recorded once, as the operation
            audit.record(
                    caller,
                    retry ? AuditAction.RUN_RETRY : AuditAction.RUN_REPLAY,
                    "run:" + p.run().id(),
                    "as run " + run.instanceId() + " from " + String.join(", ", from));
        }
        return new Started(plan, run);
    }

    /** The run to replay, ended and the caller's to replay, and the version to run. */
    private Prepared prepare(Caller caller, String instanceId, String version) {
        AccessPolicy.requireWrite(caller);
        Instance run = instances.get(caller, instanceId);
        RunState state = RunState.fromWire(run.state()).orElse(RunState.RUNNING);
        if (state.isActive()) {
            throw new WorkflowException(
                    ErrorCode.RUN_NOT_ENDED, "run " + instanceId + " has not ended (" + run.state() + ")");
        }
        String recordedJson = designs.designJson(instanceId, run.appId(), run.version());
        FunctionDesign recorded = FunctionDesignReader.read(Jsons.parse(recordedJson));
        int target = designs.targetVersion(run.appId(), run.version(), version);
        String targetJson =
                target == run.version() ? recordedJson : designs.designJson(instanceId, run.appId(), target);
        FunctionDesign design = target == run.version() ? recorded : FunctionDesignReader.read(Jsons.parse(targetJson));
        List<EndedNodeRun> ended = instances.endedNodeRuns(instanceId);
        Set<String> skipped = new HashSet<>();
        for (NodeExecution n : run.nodeExecutions()) {
            if (n.invokeId().equals(n.nodeKey()) && "Skipped".equals(n.state())) {
                skipped.add(n.nodeKey());
            }
        }
        return new Prepared(
                run,
                target,
                design,
                targetJson,
                ended,
                new ReplayPlanner(design, recorded, instanceId, ended, skipped));
    }

    private record Prepared(
            Instance run,
            int version,
            FunctionDesign design,
            String designJson,
            List<EndedNodeRun> ended,
            ReplayPlanner planner) {}

    /**
     * The top-level nodes a retry starts from: those whose last run failed (or was canceled), and
     * those with no recorded run at all that every node leading to them completed (they were running,
     * or about to, when the run stopped).
     */
    private static Set<String> unfinished(Prepared p) {
        Map<String, Boolean> completed = new HashMap<>();
        for (EndedNodeRun run : p.ended()) {
            if (run.scope() == null || run.scope().isEmpty()) {
                completed.put(run.nodeKey(), run.completed());
            }
        }
        Set<String> recorded = new HashSet<>();
        for (NodeExecution n : p.run().nodeExecutions()) {
            if (n.invokeId().equals(n.nodeKey())) {
                recorded.add(n.nodeKey());
                if ("Failed".equals(n.state())) {
                    completed.put(n.nodeKey(), false);
                } else if ("Completed".equals(n.state())) {
                    completed.put(n.nodeKey(), true);
                }
            }
        }
        Set<String> from = new LinkedHashSet<>();
        p.design().nodes().forEach(node -> {
            String key = node.nodeKey();
            if (p.planner().inLoopBody(key)) {
                return; // its ForEach retries it
            }
            if (Boolean.FALSE.equals(completed.get(key))) {
                from.add(key);
            } else if (!recorded.contains(key)) {
                List<Connection> in = p.design().incoming(key);
                if (!in.isEmpty() && in.stream().allMatch(c -> Boolean.TRUE.equals(completed.get(c.sourceNodeKey())))) {
                    from.add(key);
                }
            }
        });
        return from;
    }

    /** A plan as lines for people: {@code key: reuse (why)}. */
    public static String describe(ReplayPlanner.Plan plan) {
        StringBuilder text = new StringBuilder();
        for (ReplayPlanner.Step step : plan.steps()) {
            text.append(step.nodeKey())
                    .append(": ")
                    .append(step.action().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" (")
                    .append(step.reason())
                    .append(")\n");
        }
        return text.toString();
    }

    private static String versionName(int version) {
        return version == InstanceStore.DRAFT_VERSION ? "the draft that ran" : String.valueOf(version);
    }
}
