package io.aiworkflow.engine.node;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A node whose work is carried out by the executor's own machinery (a loop body, a sub-workflow):
 * {@link #start} returns at once with a stage the executor completes, so no pool thread ever
 * waits for other tasks of the same pool.
 */
public interface AsyncNodeBehavior extends NodeBehavior {

    CompletionStage<NodeOutput> start(NodeInput in, NodeContext ctx) throws Exception;

    /** Blocking form, for callers outside the executor. */
    @Override
    default NodeOutput run(NodeInput in, NodeContext ctx) throws Exception {
        try {
            return start(in, ctx).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
