package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;

/** Does nothing itself: the executor follows all its outgoing connections, which then run in parallel. */
@ApplicationScoped
public class ForkNode implements NodeBehavior {

    @Override
    public NodeType type() {
        return NodeType.Fork;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        return NodeOutput.empty();
    }
}
