package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * Publishes the run's parameters: each as an output field, and all of them as {@code parameters}.
 * The executor has already validated them and put them in the scope as {@code input}.
 */
@ApplicationScoped
public class StartNode implements NodeBehavior {

    @Override
    public NodeType type() {
        return NodeType.Start;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        JsonObject parameters = ctx.scope().input();
        return NodeOutput.of(
                Jsons.object(parameters).add("parameters", parameters).build());
    }
}
