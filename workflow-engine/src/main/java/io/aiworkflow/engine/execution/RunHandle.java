package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A started run: wait for its terminal event or cancel it. */
public final class RunHandle {

    private final Run run;

    RunHandle(Run run) {
        this.run = run;
    }

    public String instanceId() {
        return run.request().instanceId();
    }

    /**
     * Interrupts running nodes and ends the run with WorkflowCanceled; does nothing once it has ended.
     *
     * @throws WorkflowException CONFLICT when another server holds the run
     *         now (this server lets go of it: RunHandedOver)
     */
    public void cancel() {
        run.cancelAsked();
    }

    /** Interrupts running nodes and ends the run with WorkflowFailed; does nothing once it has ended. */
    public void fail(String code, String message) {
        run.failFromOutside(code, message);
    }

    /**
     * Answers a node waiting for human confirmation (WaitingForHuman): approved, it runs with
     * {@code editedInputs} (may be null) merged over its evaluated inputs; rejected, its {@code onReject}
     * decides (fail with REJECTED, or cancel the run).
     *
     * @throws WorkflowException CONFLICT when no node of that key is waiting
     */
    public void confirm(String nodeKey, boolean approved, JsonObject editedInputs) {
        run.confirm(nodeKey, approved, editedInputs, assignees -> true);
    }

    /**
     * As {@link #confirm(String, boolean, JsonObject)}, by someone who may answer only
     * if {@code mayAnswer} accepts the node's {@code assignees} (null when it names none).
     *
     * @throws WorkflowException FORBIDDEN when it does not (the node keeps waiting)
     */
    public void confirm(String nodeKey, boolean approved, JsonObject editedInputs, Predicate<JsonArray> mayAnswer) {
        run.confirm(nodeKey, approved, editedInputs, mayAnswer);
    }

    /** Invoke ids of the nodes now waiting for confirmation. */
    public List<String> waitingNodes() {
        return run.waitingNodes();
    }

    /** Completes with the terminal event (WorkflowFinished, WorkflowFailed or WorkflowCanceled). */
    public CompletableFuture<EngineEvent> terminal() {
        return run.terminal().copy();
    }

    public boolean isDone() {
        return run.terminal().isDone();
    }

    public EngineEvent await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return run.terminal().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run's terminal future never fails", e);
        }
    }
}
