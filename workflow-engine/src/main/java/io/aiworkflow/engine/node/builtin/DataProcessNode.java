package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;

/** A pure transformation: each field design, evaluated, is one output field. */
@ApplicationScoped
public class DataProcessNode implements NodeBehavior {

    @Override
    public NodeType type() {
        return NodeType.DataProcess;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        return NodeOutput.of(in.inputs());
    }
}
