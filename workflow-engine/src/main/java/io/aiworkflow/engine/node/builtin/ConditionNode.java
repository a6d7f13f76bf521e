package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.expression.Scope;
import io.aiworkflow.engine.expression.VariablePath;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks a branch from the {@code conditions} list {@code [{key, value:{left, operator, right}}]}:
 * the first condition that holds gives its key, none gives {@code else}. Every condition is evaluated
 * and reported in {@code conditions}, so status reports can show why a branch was taken.
 */
@ApplicationScoped
public class ConditionNode implements NodeBehavior {

    @Override
    public NodeType type() {
        return NodeType.Condition;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        JsonValue conditions = in.inputs().get("conditions");
        if (!(conditions instanceof JsonArray list)) {
            throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "'conditions' must be a list");
        }
        String branch = null;
        JsonArrayBuilder evaluated = Jsons.array();
        for (JsonValue item : list) {
            if (!(item instanceof JsonObject condition) || !(condition.get("key") instanceof JsonString key)) {
                throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "each condition needs a 'key'");
            }
            JsonObject value = condition.get("value") instanceof JsonObject v ? v : Jsons.EMPTY_OBJECT;
            JsonValue left = operand(value.get("left"), ctx.scope());
            JsonValue right = operand(value.get("right"), ctx.scope());
            String operator = value.get("operator") instanceof JsonString op ? op.getString() : null;
            boolean result = ConditionOperators.test(left, operator, right);
            if (result && branch == null) {
                branch = key.getString();
            }
            evaluated.add(Jsons.object()
                    .add("key", key)
                    .add("left", left)
                    .add("operator", operator == null ? JsonValue.NULL : Jsons.string(operator))
                    .add("right", right)
                    .add("result", result));
        }
        String taken = branch == null ? WorkflowValidator.ELSE : branch;
        return new NodeOutput(
                Jsons.object().add("branch", taken).add("conditions", evaluated).build(), null, taken);
    }

    /** {@code {type:"ref", content:[root, field…]}} reads the scope; {@code {type:"constant", content}} is literal. */
    static JsonValue operand(JsonValue operand, Scope scope) {
        if (!(operand instanceof JsonObject o)) {
            return JsonValue.NULL;
        }
        JsonValue content = o.getOrDefault("content", JsonValue.NULL);
        if (o.get("type") instanceof JsonString t && "ref".equals(t.getString())) {
            List<String> parts = new ArrayList<>();
            if (content instanceof JsonArray path) {
                path.forEach(p -> parts.add(Jsons.text(p)));
            } else {
                parts.add(Jsons.text(content));
            }
            if (parts.isEmpty()) {
                return JsonValue.NULL;
            }
            return parts.size() == 1 && parts.get(0).contains(".")
                    ? VariablePath.parse(parts.get(0)).resolve(scope)
                    : VariablePath.of(parts).resolve(scope);
        }
        return content;
    }
}
