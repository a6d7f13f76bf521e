package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.expression.Scope;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The state of one graph scope (the workflow, one loop iteration, one sub-workflow) and the steps
 * that move it on: {@link #plan} launches ready nodes, {@link #takeConnections} resolves a finished
 * node's outgoing connections, {@link #resolve} joins and skips dead paths, {@link #checkIdle} ends
 * the scope. All of it runs under the run's lock.
 */
final class Agenda {

    enum Kind {
        /** ends when its End node completes; its result is End's output */
        WORKFLOW,
        /** a loop iteration: ends when nothing is left to run; its result is the last node(s) output */
        LOOP_BODY
    }

    private record Resolution(Connection connection, boolean taken, String fromInvokeId) {}

    final Run run;
    final ScopeGraph graph;
    final Scope scope;
    final GraphPosition position;
    private final Kind kind;
    private final Map<String, NodeState> states = new LinkedHashMap<>();
    private final Deque<NodeState> ready = new ArrayDeque<>();
    private final Deque<Resolution> resolutions = new ArrayDeque<>();
    private final Set<NodeRun> running = new LinkedHashSet<>();
    private final CompletableFuture<JsonValue> done = new CompletableFuture<>();
    private boolean closed;
    /** while a resumed run rebuilds its state: nothing is published */
    private boolean restoring;

    Agenda(Run run, ScopeGraph graph, Scope scope, GraphPosition position, Kind kind) {
        this.run = run;
        this.graph = graph;
        this.scope = scope;
        this.position = position;
        this.kind = kind;
        for (NodeDesign node : graph.nodes) {
            states.put(node.nodeKey(), new NodeState(node, graph.incomingCount(node.nodeKey())));
        }
    }

    /** Completes with the scope's result, or fails with the failure that ended it. */
    CompletableFuture<JsonValue> done() {
        return done;
    }

    void begin() {
        for (String entry : graph.entries) {
            NodeState state = states.get(entry);
            state.status = NodeState.Status.READY;
            ready.add(state);
        }
        plan();
    }

    /**
     * A loop iteration or sub-workflow starts; in a resumed run, one that had begun before the
     * restart is rebuilt from what its nodes recorded instead (once: a later rerun starts afresh).
     */
    void beginOrRestore() {
        Map<String, ResumePoint.EndedNode> ended = run.takeRecorded(position.scope());
        if (ended.isEmpty()) {
            begin();
        } else {
            restore(ended);
        }
    }

    /**
     * Resume: replays the recorded outcomes of ended nodes (outputs into the scope, connections taken
     * as they were) without publishing, then launches whatever is ready and has not ended.
     */
    void restore(Map<String, ResumePoint.EndedNode> ended) {
        restoring = true;
        String endedAt = null;
        try {
            for (String entry : graph.entries) {
                NodeState state = states.get(entry);
                state.status = NodeState.Status.READY;
                ready.add(state);
            }
            List<NodeState> toLaunch = new ArrayList<>();
            while (!ready.isEmpty()) {
                NodeState state = ready.poll();
                ResumePoint.EndedNode outcome = ended.get(state.node.nodeKey());
                if (outcome == null) {
                    toLaunch.add(state);
                    continue;
                }
                state.status = NodeState.Status.DONE;
                Predicate<Connection> taken = replayOutcome(state.node, outcome);
                if (run.publishesRestored()) {
                    publishReused(state, outcome);
                }
                if (kind == Kind.WORKFLOW && state.node.type() == NodeType.End) {
                    endedAt = state.node.nodeKey(); // a sub-workflow that ended just before the restart
                }
                String invokeId = position.invokeId(state.node.nodeKey());
                for (Connection c : graph.outgoing(state.node.nodeKey())) {
                    resolutions.add(new Resolution(c, taken.test(c), invokeId));
                }
                resolve();
            }
            ready.addAll(toLaunch);
        } finally {
            restoring = false;
        }
        if (endedAt != null) {
            finish(scope.get(endedAt).orElse(Jsons.EMPTY_OBJECT));
            return;
        }
        plan();
    }

    /** A replay's reused node: its recorded outcome, as a NodeFinished that says where it came from. */
    private void publishReused(NodeState state, ResumePoint.EndedNode outcome) {
        NodeRef ref = nodeRef(state);
        JsonObject inputs = outcome.inputs() == null ? Jsons.EMPTY_OBJECT : outcome.inputs();
        JsonObject output = outcome.output() == null ? Jsons.EMPTY_OBJECT : outcome.output();
        run.publish((seq, id, now) -> new NodeFinished(
                seq, id, now, ref, inputs, output, now, 0, TokenUsage.NONE, outcome.branch(), 1, outcome.reusedFrom()));
    }

    private Predicate<Connection> replayOutcome(NodeDesign node, ResumePoint.EndedNode outcome) {
        if (outcome.completed()) {
            scope.putNodeOutput(node.nodeKey(), outcome.output() == null ? Jsons.EMPTY_OBJECT : outcome.output());
            return c -> Routes.takenOnSuccess(node.type(), outcome.branch(), c);
        }
        NodeSettings settings = NodeSettings.of(node);
        if (settings.onError() == NodeSettings.OnError.BRANCH) {
            scope.putNodeOutput(node.nodeKey(), outcome.output() == null ? Jsons.EMPTY_OBJECT : outcome.output());
            return Routes::takenOnErrorBranch;
        }
        JsonObject fallback = settings.defaultOutput();
        scope.putNodeOutput(node.nodeKey(), fallback);
        String branch = fallback.get("branch") instanceof JsonString s ? s.getString() : "else";
        return c -> Routes.takenOnSuccess(node.type(), branch, c);
    }

    /** Step: launch every ready node, then see whether the scope is finished. */
    private void plan() {
        while (!closed && !run.isOver() && !ready.isEmpty()) {
            launch(ready.poll());
        }
        checkIdle();
    }

    private void launch(NodeState state) {
        if (!run.admitNodeRun()) {
            return;
        }
        state.status = NodeState.Status.RUNNING;
        NodeRun nodeRun = new NodeRun(this, state.node, nodeRef(state));
        running.add(nodeRun);
        nodeRun.begin();
    }

    NodeRef nodeRef(NodeState state) {
        NodeDesign node = state.node;
        String parent = state.lastTakenFrom != null ? state.lastTakenFrom : position.entryParent();
        return new NodeRef(
                node.nodeKey(),
                node.displayName(),
                node.nodeType(),
                position.invokeId(node.nodeKey()),
                parent,
                position.loopNodeId(),
                position.loopIndex(),
                position.parentNodeId(),
                position.scope());
    }

    /** A node finished (or failed and was handled); take its connections and move on. */
    void nodeDone(NodeRun nodeRun, Predicate<Connection> taken) {
        running.remove(nodeRun);
        if (closed) {
            return;
        }
        NodeState state = states.get(nodeRun.node.nodeKey());
        state.status = NodeState.Status.DONE;
        if (kind == Kind.WORKFLOW && state.node.type() == NodeType.End) {
            finish(scope.get(state.node.nodeKey()).orElse(Jsons.EMPTY_OBJECT));
            return;
        }
        takeConnections(nodeRun, taken);
        plan();
    }

    /** A node failed and its onError says fail: the whole scope fails with it. */
    void nodeFailed(NodeRun nodeRun, NodeFailure failure) {
        running.remove(nodeRun);
        if (closed) {
            return;
        }
        closed = true;
        abortRunning(NodeErrors.ABORTED, "node '" + nodeRun.node.nodeKey() + "' failed");
        done.completeExceptionally(failure);
    }

    /** Step: each outgoing connection is taken or dead. */
    private void takeConnections(NodeRun nodeRun, Predicate<Connection> taken) {
        for (Connection c : graph.outgoing(nodeRun.node.nodeKey())) {
            resolutions.add(new Resolution(c, taken.test(c), nodeRun.ref.invokeId()));
        }
        resolve();
    }

    /**
     * Step: apply resolved connections. A node whose incoming connections are all resolved runs if at
     * least one was taken (a join waits only for live paths), else it is skipped and its own
     * connections die in turn. A worklist, not recursion, so long dead chains cannot overflow the stack.
     */
    private void resolve() {
        while (!resolutions.isEmpty()) {
            Resolution r = resolutions.poll();
            NodeState target = states.get(r.connection().targetNodeKey());
            if (target == null || target.status != NodeState.Status.PENDING) {
                continue;
            }
            if (r.taken()) {
                target.taken++;
                target.lastTakenFrom = r.fromInvokeId();
            } else {
                target.dead++;
            }
            if (!target.allResolved()) {
                continue;
            }
            if (target.taken > 0) {
                target.status = NodeState.Status.READY;
                ready.add(target);
            } else {
                skip(target);
            }
        }
    }

    private void skip(NodeState state) {
        state.status = NodeState.Status.SKIPPED;
        NodeRef ref = nodeRef(state);
        if (!restoring || run.publishesRestored()) {
            run.publish((seq, id, now) -> new NodeSkipped(seq, id, now, ref));
        }
        for (Connection c : graph.outgoing(state.node.nodeKey())) {
            resolutions.add(new Resolution(c, false, ref.invokeId()));
        }
    }

    /** Step: nothing ready and nothing running means the scope is over. */
    private void checkIdle() {
        if (closed || run.isOver() || !ready.isEmpty() || !running.isEmpty()) {
            return;
        }
        if (kind == Kind.WORKFLOW) {
            closed = true;
            done.completeExceptionally(
                    new NodeFailure(NodeErrors.NO_PATH_TO_END, "the run ended without reaching the End node"));
        } else {
            finish(iterationResult());
        }
    }

    /** The output of the body's last node; with several last nodes, an object keyed by node key. */
    private JsonValue iterationResult() {
        List<String> terminals = graph.terminals();
        if (terminals.size() == 1) {
            return scope.get(terminals.get(0)).orElse(JsonValue.NULL);
        }
        JsonObjectBuilder result = Jsons.object();
        for (String key : terminals) {
            scope.get(key).ifPresent(v -> result.add(key, v));
        }
        return result.build();
    }

    private void finish(JsonValue result) {
        closed = true;
        abortRunning(NodeErrors.ABORTED, "the scope finished");
        done.complete(result);
    }

    /** Stops this scope: every running node (and what it runs) is interrupted and reported with {@code code}. */
    void abort(String code, String message) {
        if (closed) {
            return;
        }
        closed = true;
        abortRunning(code, message);
        done.completeExceptionally(new NodeFailure(code, message));
    }

    private void abortRunning(String code, String message) {
        for (NodeRun nodeRun : new ArrayList<>(running)) {
            nodeRun.abort(code, message);
        }
        running.clear();
    }
}
