package io.aiworkflow.engine.node;

import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.expression.Scope;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The runtime a node run sees: who runs it, the scope, and the channels to report while running.
 * Implemented by the executor; each call is turned into an engine event by it.
 */
public interface NodeContext {

    String instanceId();

    long teamId();

    long userId();

    NodeRef node();

    Scope scope();

    /** 0 in the top-level workflow, 1 inside a sub-workflow, and so on. */
    int depth();

    /** Custom trace data (a {@code NodeTraced} event). */
    void trace(JsonValue data);

    void traceError(JsonValue data);

    /** A chunk of a streamed answer (a {@code NodeStreamed} event). */
    void stream(String chunk);

    /** True once the run was canceled or this node run was abandoned (timeout, failure elsewhere). */
    boolean isCanceled();

    /**
     * Runs this ForEach node's body once per item, at most {@code parallelism} iterations at a time;
     * completes with each iteration's result in item order.
     */
    CompletionStage<List<JsonValue>> runLoopBody(JsonArray items, int parallelism);

    /** Runs a published workflow inline in this run; completes with its End result. */
    CompletionStage<JsonObject> runSubWorkflow(PublishedWorkflow workflow, JsonObject parameters);
}
