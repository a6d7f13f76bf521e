package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.AsyncNodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Runs the body (the sub-graph behind the {@code body} connection) once per item of {@code items}.
 * The executor drives the iterations; this class checks the inputs and shapes {@code results}.
 */
@ApplicationScoped
public class ForEachNode implements AsyncNodeBehavior {

    public static final int MAX_PARALLELISM = 16;

    @Override
    public NodeType type() {
        return NodeType.ForEach;
    }

    @Override
    public CompletionStage<NodeOutput> start(NodeInput in, NodeContext ctx) {
        JsonValue items = in.inputs().get("items");
        if (!(items instanceof JsonArray array)) {
            throw new NodeFailure(
                    NodeErrors.VALIDATION_ERROR,
                    "'items' must be an array, got "
                            + (items == null
                                    ? "nothing"
                                    : items.getValueType().name().toLowerCase(Locale.ROOT)));
        }
        return ctx.runLoopBody(array, parallelism(in)).thenApply(results -> {
            JsonArrayBuilder out = Jsons.array();
            results.forEach(out::add);
            return NodeOutput.of(Jsons.object().add("results", out).build());
        });
    }

    static int parallelism(NodeInput in) {
        long requested = in.input("parallelism")
                .map(v -> NodeInput.asLong(v, 1))
                .orElseGet(() -> in.settingLong("parallelism", 1));
        return (int) Math.max(1, Math.min(MAX_PARALLELISM, requested));
    }
}
