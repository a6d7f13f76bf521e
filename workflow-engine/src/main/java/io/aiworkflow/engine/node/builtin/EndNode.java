package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.expression.ExpressionEvaluator;
import io.aiworkflow.engine.expression.VariablePath;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * The workflow's result: each non-setting field is a key of it. The optional {@code responseTemplate}
 * setting renders {@code {{field}}} holes over those keys into the extra {@code output} text.
 */
@ApplicationScoped
public class EndNode implements NodeBehavior {

    @Override
    public NodeType type() {
        return NodeType.End;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        JsonObject result = in.inputs();
        var template = in.settingString("responseTemplate");
        if (template.isEmpty()) {
            return NodeOutput.of(result);
        }
        String text = ExpressionEvaluator.render(
                template.get(), path -> VariablePath.parse(path).resolveIn(result));
        return NodeOutput.of(Jsons.object(result).add("output", text).build());
    }
}
