package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.expression.Scope;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One execution: its lock, event stream, counters and top-level agenda. Every state change of any
 * agenda of the run happens under the run's lock; node work runs outside it on the pool.
 */
final class Run {

    private static final Logger LOG = Logger.getLogger(Run.class.getName());

    private final RunRequest request;
    private final EngineServices services;
    private final RunEvents events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Instant startedAt;
    private TokenUsage usage = TokenUsage.NONE;
    private int nodeRuns;
    /** only moves forward, under the lock: once past ACTIVE, the top agenda's own callbacks must not end the run again */
    private Phase phase = Phase.ACTIVE;

    private Agenda top;
    /** node runs waiting for a human answer, in the order they began waiting */
    private final Set<NodeRun> waiting = new LinkedHashSet<>();
    /** a resumed run: when its waiting nodes began waiting (by scope and node key), so their deadlines hold */
    private Map<String, Instant> waitingSince = Map.of();
    /** a resumed run: the recorded outcomes of the scopes not rebuilt yet, by scope */
    private final Map<String, Map<String, ResumePoint.EndedNode>> recorded = new HashMap<>();
    /** set for a replay (before it begins) */
    private Replay replay;

    Run(RunRequest request, EngineServices services, EngineEventSink sink) {
        this(request, services, sink, 0, services.clock().instant());
    }

    Run(RunRequest request, EngineServices services, EngineEventSink sink, long lastSequence, Instant startedAt) {
        this.request = request;
        this.services = services;
        this.events = new RunEvents(request.instanceId(), sink, services.clock(), lastSequence);
        this.startedAt = startedAt;
    }

    /** Step 0: announce the run, check the parameters, then plan the first nodes. */
    void begin() {
        locked(() -> {
            events.publish((seq, id, now) -> new WorkflowStarted(
                    seq, id, now, request.appId(), request.version(), request.parameters(), request.origin()));
            if (buildTop()) {
                top.begin();
            }
        });
    }

    /**
     * A replay: starts as a new run, then restores the reused outcomes (publishing each, so the new
     * run's history holds them) and runs the rest.
     */
    void replay(Replay replay) {
        this.replay = replay;
        locked(() -> {
            events.publish((seq, id, now) -> new WorkflowStarted(
                    seq, id, now, request.appId(), request.version(), request.parameters(), request.origin()));
            recorded.putAll(replay.reusedByScope());
            if (buildTop()) {
                top.restore(takeRecorded(""));
            }
        });
    }

    /** A replay publishes the outcomes it restores; a resumed run's are in its history already. */
    boolean publishesRestored() {
        return replay != null;
    }

    /** The inputs a replay gives this node run instead of evaluating its field designs, if any. */
    JsonObject givenInputs(NodeRef ref) {
        if (replay == null || (ref.scope() != null && !ref.scope().isEmpty())) {
            return null;
        }
        return replay.inputs().get(ref.nodeKey());
    }

    /** Resume after a restart: rebuilds the top-level scope from the recorded outcomes and goes on. */
    void resume(ResumePoint point) {
        waitingSince = point.waitingSince();
        locked(() -> {
            int completedSteps = point.endedByScope().getOrDefault("", Map.of()).size();
            events.publish((seq, id, now) -> new RunResumed(
                    seq, id, now, request.appId(), request.version(), startedAt, completedSteps, request.origin()));
            recorded.putAll(point.endedByScope());
            if (buildTop()) {
                top.restore(takeRecorded(""));
            }
        });
    }

    /** How this server's copy of the run is ending, if it is. */
    private enum Phase {
        ACTIVE,
        FAILING,
        CANCELING,
        HANDING_OVER
    }

    /** Ending here: its terminal event is out, or on its way. */
    private boolean isEnding() {
        return phase != Phase.ACTIVE || events.ended();
    }

    private boolean buildTop() {
        List<NodeDesign> starts = request.design().nodesOfType(NodeType.Start);
        if (starts.size() != 1) {
            fail(NodeErrors.VALIDATION_ERROR, "a workflow needs exactly one Start node, found " + starts.size());
            return false;
        }
        JsonObject input;
        try {
            input = StartParameters.resolve(starts.get(0), request.parameters());
        } catch (NodeFailure e) {
            fail(e.code(), e.getMessage());
            return false;
        }
        Scope scope = Scope.root(sys(), input);
        top = new Agenda(this, ScopeGraph.workflow(request.design()), scope, GraphPosition.top(), Agenda.Kind.WORKFLOW);
        top.done().whenComplete((result, error) -> {
            if (phase != Phase.ACTIVE) {
                return;
            }
            if (error == null) {
                finish((JsonObject) result);
            } else {
                NodeFailure f = Failures.of(error);
                fail(f.code(), f.getMessage());
            }
        });
        return true;
    }

    JsonObject sys() {
        return Scope.sys(request.userId(), request.teamId(), startedAt.toEpochMilli(), request.instanceId());
    }

    private void finish(JsonObject result) {
        events.publish((seq, id, now) -> new WorkflowFinished(seq, id, now, result, elapsedMs(now), usage));
    }

    /** Ends the run as failed; running nodes anywhere in it are aborted first. */
    void fail(String code, String message) {
        if (isEnding()) {
            return;
        }
        phase = Phase.FAILING;
        if (top != null) {
            top.abort(NodeErrors.ABORTED, "the run failed: " + message);
        }
        events.publish((seq, id, now) -> new WorkflowFailed(seq, id, now, code, message, elapsedMs(now), usage));
    }

    /** What the executor's {@link RunLease} says of this run: still this server's, lost, or no answer. */
    enum Lease {
        HELD,
        LOST,
        UNKNOWN
    }

    /**
     * Step (under the lock), before moving the run on from outside: asks the lease, and lets go of
     * the run when it is lost ({@link #handOver}). A lease that cannot be checked (the database is
     * away) is neither held nor lost: the run stays as it is.
     */
    Lease holdOrLetGo() {
        Lease answer;
        try {
            answer = services.lease().hold(request.instanceId()) ? Lease.HELD : Lease.LOST;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not check the lease of run " + request.instanceId(), e);
            answer = Lease.UNKNOWN;
        }
        if (answer == Lease.LOST) {
            handOver();
        }
        return answer;
    }

    /**
     * Lets go of a run another server took over. RunHandedOver ends it here
     * first, so nothing this copy still does (its nodes are stopped) is published or recorded.
     */
    private void handOver() {
        if (isEnding()) {
            return;
        }
        phase = Phase.HANDING_OVER;
        LOG.warning("run " + request.instanceId() + " is held by another server now; this server lets go of it");
        events.publish((seq, id, now) -> new RunHandedOver(seq, id, now));
        if (top != null) {
            top.abort(NodeErrors.CANCELED, "the run was taken over by another server");
        }
    }

    /**
     * A cancel asked for by a client. When this server no longer holds the run it lets go of it
     * (CONFLICT); when the lease cannot be checked the run is left as it is (INTERNAL_ERROR).
     */
    void cancelAsked() {
        Lease lease =
                lockedCall(() -> isEnding() ? Lease.HELD /* cancel() does nothing */ : holdOrLetGo(), Lease.UNKNOWN);
        requireHeld(lease);
        cancel();
    }

    /** Thrown outside the lock (a throw inside fails the run). */
    private void requireHeld(Lease lease) {
        if (lease == Lease.LOST) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT,
                    "run " + request.instanceId() + " is no longer held by"
                            + " this server: another server took it over (or closed it) while this one had lost touch with"
                            + " the database; read the run again");
        }
        if (lease == Lease.UNKNOWN) {
            throw new WorkflowException(
                    ErrorCode.INTERNAL_ERROR,
                    "could not check that this server still holds run " + request.instanceId()
                            + " (the database did not answer); the run is unchanged, try again");
        }
    }

    /** Fails the run from outside (its history cannot be stored); nothing once it is ending. */
    void failFromOutside(String code, String message) {
        locked(() -> fail(code, message));
    }

    void cancel() {
        locked(() -> {
            if (isEnding()) {
                return;
            }
            phase = Phase.CANCELING;
            if (top != null) {
                top.abort(NodeErrors.CANCELED, "the run was canceled");
            }
            events.publish((seq, id, now) -> new WorkflowCanceled(seq, id, now, elapsedMs(now), usage));
        });
    }

    /** When the node began to wait for confirmation before a restart, or null. */
    Instant waitingSince(NodeRef ref) {
        return waitingSince.get((ref.scope() == null ? "" : ref.scope()) + ref.nodeKey());
    }

    /** Step: the recorded outcomes of a scope of a resumed run, handed out once (empty if none). */
    Map<String, ResumePoint.EndedNode> takeRecorded(String scope) {
        Map<String, ResumePoint.EndedNode> ended = recorded.remove(scope);
        return ended == null ? Map.of() : ended;
    }

    /** Step: the node run waits for a person from now on; everyone learns the new waiting set. */
    void parkForConfirmation(NodeRun nodeRun) {
        if (waiting.add(nodeRun)) {
            publishWaiting();
        }
    }

    void unpark(NodeRun nodeRun) {
        if (waiting.remove(nodeRun)) {
            publishWaiting();
        }
    }

    private void publishWaiting() {
        List<WaitingChanged.WaitingNode> now = waiting.stream()
                .map(n -> new WaitingChanged.WaitingNode(n.ref, n.waitingSince()))
                .toList();
        events.publish((seq, id, at) -> new WaitingChanged(seq, id, at, now));
    }

    /** Invoke ids of the nodes waiting for confirmation. */
    List<String> waitingNodes() {
        return lockedCall(
                () -> waiting.stream()
                        .filter(NodeRun::isWaiting)
                        .map(n -> n.ref.invokeId())
                        .toList(),
                List.of());
    }

    /**
     * Answers the confirmation of the waiting node with this node key (or invoke id); the first one
     * that waits if several do (loop iterations). No such node → WorkflowException CONFLICT; one
     * whose assignees {@code mayAnswer} refuses → FORBIDDEN, and it keeps waiting.
     */
    void confirm(String nodeKey, boolean approved, JsonObject editedInputs, Predicate<JsonArray> mayAnswer) {
        // the answer's outcome, decided under the lock; thrown outside it (a throw inside fails the run)
        Answer answer = lockedCall(
                () -> {
                    if (isEnding()) {
                        return Answer.NOBODY_WAITS;
                    }
                    for (NodeRun nodeRun : List.copyOf(waiting)) {
                        if (nodeRun.isWaiting()
                                && (nodeRun.ref.invokeId().equals(nodeKey)
                                        || nodeRun.node.nodeKey().equals(nodeKey))) {
                            JsonArray assignees = nodeRun.assignees();
                            if (!mayAnswer.test(assignees == null || assignees.isEmpty() ? null : assignees)) {
                                return new Answer(false, String.valueOf(assignees), Lease.HELD);
                            }
                            Lease lease = holdOrLetGo();
                            if (lease == Lease.HELD) {
                                nodeRun.confirm(approved, editedInputs);
                            }
                            return new Answer(lease == Lease.HELD, null, lease);
                        }
                    }
                    return Answer.NOBODY_WAITS;
                },
                Answer.NOBODY_WAITS);
        if (answer.refusedFor() != null) {
            throw new WorkflowException(
                    ErrorCode.FORBIDDEN,
                    "node '" + nodeKey + "' waits for one of " + answer.refusedFor() + " (or an admin)");
        }
        requireHeld(answer.lease());
        if (!answer.given()) {
            throw new WorkflowException(
                    ErrorCode.CONFLICT,
                    "run " + request.instanceId() + " is not waiting for confirmation of node '" + nodeKey + "'");
        }
    }

    /** What came of a confirmation: given, refused to this caller (naming who may answer), or the lease said no. */
    private record Answer(boolean given, String refusedFor, Lease lease) {
        static final Answer NOBODY_WAITS = new Answer(false, null, Lease.HELD);
    }

    /** Counts one more node run; false (and the run failed) past the limit. */
    boolean admitNodeRun() {
        if (++nodeRuns > services.limits().maxNodeRuns()) {
            fail(
                    NodeErrors.RUN_LIMIT_EXCEEDED,
                    "the run exceeded " + services.limits().maxNodeRuns() + " node runs");
            return false;
        }
        return true;
    }

    void addUsage(TokenUsage more) {
        usage = usage.plus(more);
    }

    boolean isCanceled() {
        return phase == Phase.CANCELING;
    }

    boolean isOver() {
        return events.ended();
    }

    void publish(RunEvents.Factory factory) {
        events.publish(factory);
    }

    /** Runs a step under the run's lock; an unexpected error ends the run rather than hanging it. */
    void locked(Runnable step) {
        lockedCall(
                () -> {
                    step.run();
                    return Boolean.TRUE;
                },
                Boolean.FALSE);
    }

    /**
     * Runs a step under the run's lock and gives its result, or {@code onFailure} when the step threw
     * (the run is then failed). An {@link Error} also fails the run, and is thrown on: the JVM is unwell.
     */
    <T> T lockedCall(Supplier<T> step, T onFailure) {
        lock.lock();
        try {
            return step.get();
        } catch (RuntimeException e) {
            failInternally(e);
            return onFailure;
        } catch (Error e) {
            failInternally(e);
            throw e;
        } finally {
            lock.unlock();
            if (!lock.isHeldByCurrentThread()) {
                events.completeTerminal();
            }
        }
    }

    /** The exception's text may hold anything (a secret, a stack of internals): it stays in the log. */
    private void failInternally(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.log(
                Level.SEVERE,
                "engine step failed in run " + request.instanceId() + " (reference " + reference + ")",
                e);
        fail(NodeErrors.INTERNAL_ERROR, "internal engine error; see the server log, reference " + reference);
    }

    long elapsedMs(Instant now) {
        return Math.max(0, Duration.between(startedAt, now).toMillis());
    }

    RunRequest request() {
        return request;
    }

    EngineServices services() {
        return services;
    }

    CompletableFuture<EngineEvent> terminal() {
        return events.terminal();
    }
}
