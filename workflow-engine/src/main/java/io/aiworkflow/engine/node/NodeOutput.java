package io.aiworkflow.engine.node;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.TokenUsage;
import jakarta.json.JsonObject;

/** What a node run produced: its output object, the tokens it used and, for a Condition, the branch taken. */
public record NodeOutput(JsonObject outputs, TokenUsage usage, String branch) {

    public NodeOutput {
        outputs = outputs == null ? Jsons.EMPTY_OBJECT : outputs;
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    public static NodeOutput of(JsonObject outputs) {
        return new NodeOutput(outputs, TokenUsage.NONE, null);
    }

    public static NodeOutput empty() {
        return of(Jsons.EMPTY_OBJECT);
    }
}
