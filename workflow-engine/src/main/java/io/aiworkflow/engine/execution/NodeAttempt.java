package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStreamed;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.expression.Scope;
import io.aiworkflow.engine.node.AsyncNodeBehavior;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One try of a node run, and the {@link NodeContext} the behaviour sees during it. The behaviour runs
 * on the pool; its result, a timeout or an abort completes {@link #result()}, whichever comes first.
 * Once the attempt is over, its late trace and stream calls are dropped.
 */
final class NodeAttempt implements NodeContext {

    private final NodeRun owner;
    private final int number;
    private final NodeBehavior behavior;
    private final NodeInput input;
    private final Run run;
    private final CompletableFuture<NodeOutput> result = new CompletableFuture<>();
    private final List<ChildScope> children = new ArrayList<>();
    private volatile boolean over;
    private Future<?> task;
    private ScheduledFuture<?> timeout;

    NodeAttempt(NodeRun owner, int number, NodeBehavior behavior, NodeInput input) {
        this.owner = owner;
        this.number = number;
        this.behavior = behavior;
        this.input = input;
        this.run = owner.run;
    }

    int number() {
        return number;
    }

    CompletableFuture<NodeOutput> result() {
        return result;
    }

    /** Called under the run lock. */
    void start(long timeoutMs) {
        try {
            task = run.services().pool().submit(run.request().teamId(), this::execute);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new NodeFailure(NodeErrors.INTERNAL_ERROR, "the node pool refused the task"));
            return;
        }
        if (timeoutMs > 0) {
            timeout = run.services()
                    .timers()
                    .schedule(
                            () -> result.completeExceptionally(new NodeFailure(
                                    NodeErrors.NODE_TIMEOUT,
                                    "node '" + owner.node.nodeKey() + "' timed out after " + timeoutMs + " ms")),
                            timeoutMs,
                            TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on a pool thread: never waits for other tasks of the pool. */
    private void execute() {
        if (result.isDone()) {
            return;
        }
        try {
            if (behavior instanceof AsyncNodeBehavior async) {
                async.start(input, this).whenComplete((output, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(output);
                    }
                });
            } else {
                result.complete(behavior.run(input, this));
            }
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /** The attempt's outcome is known: silence it and drop its timer. Under the run lock. */
    void end() {
        over = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** Interrupts the behaviour's thread and stops what it started. Under the run lock. */
    void stop(String code, String message) {
        over = true;
        if (task != null) {
            task.cancel(true);
        }
        for (ChildScope child : children) {
            child.abort(code, message);
        }
        children.clear();
        result.completeExceptionally(new NodeFailure(code, message));
    }

    // ---- NodeContext ----

    @Override
    public String instanceId() {
        return run.request().instanceId();
    }

    @Override
    public long teamId() {
        return run.request().teamId();
    }

    @Override
    public long userId() {
        return run.request().userId();
    }

    @Override
    public NodeRef node() {
        return owner.ref;
    }

    @Override
    public Scope scope() {
        return owner.agenda.scope;
    }

    @Override
    public int depth() {
        return owner.agenda.position.depth();
    }

    @Override
    public void trace(JsonValue data) {
        publishTrace(data, NodeTraced.Kind.DATA);
    }

    @Override
    public void traceError(JsonValue data) {
        publishTrace(data, NodeTraced.Kind.ERROR);
    }

    private void publishTrace(JsonValue data, NodeTraced.Kind kind) {
        run.locked(() -> {
            if (!over) {
                run.publish((seq, id, now) -> new NodeTraced(seq, id, now, owner.ref, data, kind));
            }
        });
    }

    @Override
    public void stream(String chunk) {
        run.locked(() -> {
            if (!over) {
                run.publish((seq, id, now) -> new NodeStreamed(seq, id, now, owner.ref, chunk));
            }
        });
    }

    @Override
    public boolean isCanceled() {
        return over || run.isCanceled() || run.isOver();
    }

    @Override
    public CompletionStage<List<JsonValue>> runLoopBody(JsonArray items, int parallelism) {
        CompletableFuture<List<JsonValue>> started = run.lockedCall(
                () -> {
                    if (over) {
                        return CompletableFuture.failedFuture(
                                new NodeFailure(NodeErrors.ABORTED, "the attempt is over"));
                    }
                    LoopDriver loop = new LoopDriver(owner, number, items, parallelism);
                    children.add(loop);
                    loop.start();
                    return loop.done();
                },
                internalError());
        return started;
    }

    @Override
    public CompletionStage<JsonObject> runSubWorkflow(PublishedWorkflow workflow, JsonObject parameters) {
        CompletableFuture<JsonObject> started = run.lockedCall(
                () -> {
                    if (over) {
                        return CompletableFuture.failedFuture(
                                new NodeFailure(NodeErrors.ABORTED, "the attempt is over"));
                    }
                    GraphPosition position = owner.agenda.position.subWorkflow(owner.node.nodeKey(), number);
                    int limit = run.services().limits().maxSubWorkflowDepth();
                    if (position.depth() > limit) {
                        return CompletableFuture.failedFuture(new NodeFailure(
                                NodeErrors.SUBWORKFLOW_DEPTH_EXCEEDED,
                                "sub-workflows may nest at most " + limit + " deep"));
                    }
                    List<NodeDesign> starts = workflow.design().nodesOfType(NodeType.Start);
                    if (starts.size() != 1) {
                        return CompletableFuture.failedFuture(new NodeFailure(
                                NodeErrors.VALIDATION_ERROR,
                                "workflow '" + workflow.appId() + "' needs exactly one Start node"));
                    }
                    JsonObject resolved;
                    try {
                        resolved = StartParameters.resolve(starts.get(0), parameters);
                    } catch (NodeFailure e) {
                        return CompletableFuture.failedFuture(e);
                    }
                    Agenda sub = new Agenda(
                            run,
                            ScopeGraph.workflow(workflow.design()),
                            Scope.root(run.sys(), resolved),
                            position,
                            Agenda.Kind.WORKFLOW);
                    children.add(sub::abort);
                    sub.beginOrRestore();
                    return sub.done().thenApply(JsonObject.class::cast);
                },
                internalError());
        return started;
    }

    private static <T> CompletableFuture<T> internalError() {
        return CompletableFuture.failedFuture(new NodeFailure(NodeErrors.INTERNAL_ERROR, "internal engine error"));
    }
}
