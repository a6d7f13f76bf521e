package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The settings every node accepts as Fixed field designs: {@code timeoutMs}, {@code retry}
 * {@code {count, backoffMs}}, {@code onError} ({@code fail}, {@code continue}, {@code branch}),
 * {@code defaultOutput} (the output when {@code onError} is {@code continue}) and human confirmation:
 * {@code needHumanConfirm} ({@code true} or {@code {assignees, timeoutMs}}), {@code assignees},
 * {@code confirmTimeoutMs} and {@code onReject} ({@code fail}, {@code cancel}).
 */
record NodeSettings(
        Long timeoutMs,
        int retryCount,
        long backoffMs,
        OnError onError,
        JsonObject defaultOutput,
        boolean needConfirm,
        JsonArray assignees,
        long confirmTimeoutMs,
        OnReject onReject) {

    static final int MAX_RETRIES = 10;

    enum OnError {
        FAIL,
        CONTINUE,
        BRANCH
    }

    enum OnReject {
        FAIL,
        CANCEL
    }

    static NodeSettings of(NodeDesign node) {
        Long timeout = node.field("timeoutMs")
                .map(f -> NodeInput.asLong(f.value(), -1))
                .filter(v -> v > 0)
                .map(v -> Math.min(v, NodeInput.MAX_TIMEOUT_MS))
                .orElse(null);
        JsonObject retry = node.field("retry")
                .map(f -> f.value() instanceof JsonObject o ? o : null)
                .orElse(null);
        int count = retry == null
                ? 0
                : (int) Math.max(
                        0, Math.min(MAX_RETRIES, NodeInput.asLong(retry.getOrDefault("count", JsonValue.NULL), 0)));
        long backoff = retry == null
                ? 0
                : Math.max(
                        0,
                        Math.min(
                                NodeInput.MAX_TIMEOUT_MS,
                                NodeInput.asLong(retry.getOrDefault("backoffMs", JsonValue.NULL), 0)));
        String onError = string(node, "onError", "fail");
        JsonObject defaultOutput = node.field("defaultOutput")
                .map(f -> f.value() instanceof JsonObject o ? o : null)
                .orElse(Jsons.EMPTY_OBJECT);

        JsonValue confirm = node.field("needHumanConfirm").map(f -> f.value()).orElse(JsonValue.NULL);
        JsonObject confirmObject = confirm instanceof JsonObject o ? o : null;
        boolean needConfirm = confirm == JsonValue.TRUE
                || confirm instanceof JsonString s
                        && "true".equalsIgnoreCase(s.getString().trim())
                || confirmObject != null && confirmObject.get("enabled") != JsonValue.FALSE;
        JsonArray assignees = node.field("assignees")
                .map(f -> f.value() instanceof JsonArray a ? a : null)
                .orElse(confirmObject != null && confirmObject.get("assignees") instanceof JsonArray a ? a : null);
        long confirmTimeout = node.field("confirmTimeoutMs")
                .map(f -> NodeInput.asLong(f.value(), 0))
                .orElse(
                        confirmObject != null
                                ? NodeInput.asLong(confirmObject.getOrDefault("timeoutMs", JsonValue.NULL), 0)
                                : 0L);
        OnReject onReject = "cancel".equals(string(node, "onReject", "fail")) ? OnReject.CANCEL : OnReject.FAIL;

        return new NodeSettings(
                timeout,
                count,
                backoff,
                switch (onError) {
                    case "continue" -> OnError.CONTINUE;
                    case "branch" -> OnError.BRANCH;
                    default -> OnError.FAIL;
                },
                defaultOutput,
                needConfirm,
                assignees,
                Math.max(0, confirmTimeout),
                onReject);
    }

    private static String string(NodeDesign node, String name, String fallback) {
        return node.field(name)
                .map(f -> f.value() instanceof JsonString s ? s.getString() : fallback)
                .orElse(fallback);
    }
}
