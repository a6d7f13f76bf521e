package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeInput;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The settings every node accepts as Fixed field designs: {@code timeoutMs}, {@code retry}
 * {@code {count, backoffMs}}, {@code onError} ({@code fail}, {@code continue}, {@code branch}) and
 * {@code defaultOutput} (the output when {@code onError} is {@code continue}).
 */
record NodeSettings(Long timeoutMs, int retryCount, long backoffMs, OnError onError, JsonObject defaultOutput) {

    static final int MAX_RETRIES = 10;

    enum OnError { FAIL, CONTINUE, BRANCH }

    static NodeSettings of(NodeDesign node) {
        Long timeout = node.field("timeoutMs").map(f -> NodeInput.asLong(f.value(), -1)).filter(v -> v > 0).orElse(null);
        JsonObject retry = node.field("retry").map(f -> f.value() instanceof JsonObject o ? o : null).orElse(null);
        int count = retry == null ? 0 : (int) Math.max(0, Math.min(MAX_RETRIES, NodeInput.asLong(
                retry.getOrDefault("count", JsonValue.NULL), 0)));
        long backoff = retry == null ? 0 : Math.max(0, NodeInput.asLong(retry.getOrDefault("backoffMs", JsonValue.NULL), 0));
        String onError = node.field("onError").map(f -> f.value() instanceof JsonString s ? s.getString() : "fail")
                .orElse("fail");
        JsonObject defaultOutput = node.field("defaultOutput")
                .map(f -> f.value() instanceof JsonObject o ? o : null).orElse(Jsons.EMPTY_OBJECT);
        return new NodeSettings(timeout, count, backoff, switch (onError) {
            case "continue" -> OnError.CONTINUE;
            case "branch" -> OnError.BRANCH;
            default -> OnError.FAIL;
        }, defaultOutput);
    }
}
