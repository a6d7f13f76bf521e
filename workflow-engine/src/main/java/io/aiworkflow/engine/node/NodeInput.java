package io.aiworkflow.engine.node;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * A node's design and its evaluated inputs: every field design that is not a setting
 * ({@link NodeDesign#SETTING_FIELDS}), evaluated over the scope. Settings stay raw.
 */
public record NodeInput(NodeDesign node, JsonObject inputs) {

    /** The raw value of a setting field (or of any field, unevaluated). */
    public Optional<JsonValue> setting(String name) {
        return node.field(name).map(FieldDesign::value).filter(v -> v.getValueType() != JsonValue.ValueType.NULL);
    }

    /** Longest time limit a node may set: a plugin, model or script cannot hold a thread longer. */
    public static final long MAX_TIMEOUT_MS = 600_000;

    /** The node's {@code timeoutMs}, or {@code defaultMs}; at most {@link #MAX_TIMEOUT_MS}, at least 1. */
    public long timeoutMs(long defaultMs) {
        return Math.max(1, Math.min(MAX_TIMEOUT_MS, settingLong("timeoutMs", defaultMs)));
    }

    public long settingLong(String name, long defaultValue) {
        return setting(name).map(v -> asLong(v, defaultValue)).orElse(defaultValue);
    }

    public Optional<String> settingString(String name) {
        return setting(name).map(v -> v instanceof JsonString s ? s.getString() : v.toString());
    }

    public Optional<JsonValue> input(String name) {
        return Optional.ofNullable(inputs.get(name)).filter(v -> v.getValueType() != JsonValue.ValueType.NULL);
    }

    public Optional<String> string(String name) {
        return input(name).map(v -> v instanceof JsonString s ? s.getString() : v.toString());
    }

    public Optional<Double> number(String name) {
        return input(name).flatMap(NodeInput::asDouble);
    }

    public Optional<Boolean> bool(String name) {
        return input(name)
                .map(v -> v == JsonValue.TRUE
                        || v instanceof JsonString s
                                && "true".equalsIgnoreCase(s.getString().trim()));
    }

    public static long asLong(JsonValue value, long defaultValue) {
        return asDouble(value).map(Double::longValue).orElse(defaultValue);
    }

    public static Optional<Double> asDouble(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return Optional.of(n.doubleValue());
        }
        if (value instanceof JsonString s) {
            try {
                return Optional.of(Double.parseDouble(s.getString().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
