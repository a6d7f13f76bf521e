package io.aiworkflow.engine.node;

import io.aiworkflow.domain.definition.NodeType;

/**
 * What a node type does. Implementations are stateless singletons ({@code @ApplicationScoped} in the
 * container): they get the evaluated inputs and a context, and return outputs or throw
 * {@link NodeFailure}. They never publish events or write history themselves.
 */
public interface NodeBehavior {

    NodeType type();

    NodeOutput run(NodeInput in, NodeContext ctx) throws Exception;

    /**
     * True when the behaviour enforces the node's {@code timeoutMs} itself, with its own error code
     * (e.g. SCRIPT_TIMEOUT); the executor then keeps only a late safety net.
     */
    default boolean enforcesOwnTimeout() {
        return false;
    }
}
