package io.aiworkflow.engine.node;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A node whose work completes elsewhere: by the executor's own machinery (a loop body, a
 * sub-workflow) or by a remote party's callbacks (a streamed model answer). {@link #start} returns
 * at once with a stage completed later, so no pool thread waits for other tasks of the same pool
 * or for the network.
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
