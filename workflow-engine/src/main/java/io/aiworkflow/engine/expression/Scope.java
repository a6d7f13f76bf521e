package io.aiworkflow.engine.expression;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a node's expressions can read: {@code sys}, {@code input}, one entry per finished node
 * (its output object) and, inside a ForEach body, {@code loop}. Roots are set once; a loop iteration
 * gets a child scope so that its body's outputs and {@code loop} do not leak into other iterations.
 * Thread-safe: parallel nodes publish their outputs while others read.
 */
public final class Scope {

    public static final String SYS = "sys";
    public static final String INPUT = "input";
    public static final String LOOP = "loop";

    private final Scope parent;
    // insertion order gives a readable JSON view; guarded by itself
    private final Map<String, JsonValue> roots = new LinkedHashMap<>();

    private Scope(Scope parent) {
        this.parent = parent;
    }

    /** A top-level scope: {@code sys} {userId, teamId, timestamp, instanceId} and {@code input}. */
    public static Scope root(JsonObject sys, JsonObject input) {
        Scope scope = new Scope(null);
        scope.set(SYS, sys);
        scope.set(INPUT, input);
        return scope;
    }

    public static JsonObject sys(long userId, long teamId, long timestampMillis, String instanceId) {
        return Jsons.object()
                .add("userId", userId)
                .add("teamId", teamId)
                .add("timestamp", timestampMillis)
                .add("instanceId", instanceId)
                .build();
    }

    /** A child scope for one loop iteration, with {@code loop} {item, index}. */
    public Scope loopIteration(JsonValue item, int index) {
        Scope child = new Scope(this);
        child.set(LOOP, Jsons.object().add("item", item).add("index", index).build());
        return child;
    }

    /** Records a finished node's output under its key. */
    public void putNodeOutput(String nodeKey, JsonObject output) {
        set(nodeKey, output == null ? Jsons.EMPTY_OBJECT : output);
    }

    private void set(String root, JsonValue value) {
        synchronized (roots) {
            roots.put(root, value);
        }
    }

    public Optional<JsonValue> get(String root) {
        JsonValue value;
        synchronized (roots) {
            value = roots.get(root);
        }
        if (value != null) {
            return Optional.of(value);
        }
        return parent == null ? Optional.empty() : parent.get(root);
    }

    public JsonObject input() {
        return get(INPUT)
                .filter(v -> v instanceof JsonObject)
                .map(JsonObject.class::cast)
                .orElse(Jsons.EMPTY_OBJECT);
    }

    /** The whole scope as one object (inner entries shadow outer ones), for JSONPath. */
    public JsonObject toJson() {
        Map<String, JsonValue> merged = new LinkedHashMap<>();
        collect(merged);
        JsonObjectBuilder builder = Jsons.object();
        merged.forEach(builder::add);
        return builder.build();
    }

    private void collect(Map<String, JsonValue> into) {
        if (parent != null) {
            parent.collect(into);
        }
        synchronized (roots) {
            into.putAll(roots);
        }
    }
}
