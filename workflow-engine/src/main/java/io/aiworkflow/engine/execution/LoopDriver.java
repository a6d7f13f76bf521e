package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Drives the iterations of one ForEach run: one agenda per item, at most {@code parallelism} at a
 * time, results kept in item order. Iterations are agendas like any other, so a loop never holds a
 * pool thread while its body runs. All of it under the run lock.
 */
final class LoopDriver implements ChildScope {

    private final NodeRun owner;
    private final int attempt;
    private final JsonArray items;
    private final int parallelism;
    private final ScopeGraph body;
    private final String lastBodyNode;
    private final JsonValue[] results;
    private final Map<Integer, Agenda> active = new TreeMap<>();
    private final CompletableFuture<List<JsonValue>> done = new CompletableFuture<>();
    private int next;
    private int finished;
    private boolean closed;
    /** inside {@link #fill}: an iteration that ends at once (restored after a restart) does not recurse */
    private boolean filling;

    LoopDriver(NodeRun owner, int attempt, JsonArray items, int parallelism) {
        this.owner = owner;
        this.attempt = attempt;
        this.items = items;
        this.parallelism = Math.max(1, parallelism);
        this.body = ScopeGraph.loopBody(owner.agenda.graph.design, owner.node.nodeKey());
        List<String> terminals = body.terminals();
        this.lastBodyNode = terminals.isEmpty() ? null : terminals.get(terminals.size() - 1);
        this.results = new JsonValue[items.size()];
    }

    CompletableFuture<List<JsonValue>> done() {
        return done;
    }

    void start() {
        int limit = owner.run.services().limits().maxLoopIterations();
        if (items.size() > limit) {
            closed = true;
            done.completeExceptionally(new NodeFailure(
                    NodeErrors.LOOP_LIMIT_EXCEEDED,
                    "ForEach '" + owner.node.nodeKey() + "' has " + items.size() + " items, the limit is " + limit));
            return;
        }
        fill();
    }

    /** Step: start iterations until the parallelism is used up. */
    private void fill() {
        if (filling) {
            return; // the loop below goes on
        }
        filling = true;
        try {
            while (!closed && active.size() < parallelism && next < items.size()) {
                launch(next++);
            }
        } finally {
            filling = false;
        }
        if (!closed && finished == items.size()) {
            closed = true;
            done.complete(new ArrayList<>(Arrays.asList(results)));
        }
    }

    private void launch(int index) {
        String loopInvokeId = owner.ref.invokeId();
        // the first body node of iteration n > 1 follows the previous iteration's last body node in trace frames
        String entryParent = index == 0 || lastBodyNode == null ? loopInvokeId : loopInvokeId + "." + lastBodyNode;
        GraphPosition position =
                owner.agenda.position.loopIteration(owner.node.nodeKey(), attempt, index + 1, entryParent);
        Agenda iteration = new Agenda(
                owner.run,
                body,
                owner.agenda.scope.loopIteration(items.get(index), index),
                position,
                Agenda.Kind.LOOP_BODY);
        active.put(index, iteration);
        iteration.done().whenComplete((result, error) -> iterationDone(index, result, error));
        iteration.beginOrRestore();
    }

    private void iterationDone(int index, JsonValue result, Throwable error) {
        if (active.remove(index) == null || closed) {
            return;
        }
        if (error != null) {
            stopIterations(
                    NodeErrors.ABORTED, "iteration " + (index + 1) + " of '" + owner.node.nodeKey() + "' failed");
            done.completeExceptionally(error);
            return;
        }
        results[index] = result;
        finished++;
        fill();
    }

    @Override
    public void abort(String code, String message) {
        stopIterations(code, message);
        done.completeExceptionally(new NodeFailure(code, message));
    }

    private void stopIterations(String code, String message) {
        closed = true;
        for (Agenda agenda : new ArrayList<>(active.values())) {
            agenda.abort(code, message);
        }
        active.clear();
    }
}
