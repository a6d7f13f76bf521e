package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between two runs of an app, run by run and node by node. JSON values (parameters,
 * result, a node's inputs and outputs) are compared path by path as a JSON Patch (RFC 6902) that
 * turns {@code a}'s value into {@code b}'s: {@code add}, {@code remove} and {@code replace}
 * operations with JSON Pointer paths. Other fields show {@code {a, b}} when they differ. Nodes are
 * paired by invoke id and occurrence (loop iterations share an invoke id); a node run on one side
 * only has {@code only: "a"} or {@code "b"}.
 */
public final class RunDiff {

    private RunDiff() {}

    public static JsonObject between(Instance a, Instance b) {
        JsonObjectBuilder run = Jsons.object();
        differs(run, "state", Jsons.string(a.state()), Jsons.string(b.state()));
        differs(run, "version", Jsons.number(a.version()), Jsons.number(b.version()));
        differs(run, "duration", number(a.duration()), number(b.duration()));
        differs(run, "tokens", tokens(a.tokens()), tokens(b.tokens()));
        differs(run, "error", error(a.error()), error(b.error()));
        patch(run, "parameters", a.parameters(), b.parameters());
        patch(run, "result", a.result(), b.result());

        Map<String, NodeExecution> left = byOccurrence(a.nodeExecutions());
        Map<String, NodeExecution> right = byOccurrence(b.nodeExecutions());
        JsonArrayBuilder nodes = Jsons.array();
        for (Map.Entry<String, NodeExecution> entry : left.entrySet()) {
            NodeExecution other = right.get(entry.getKey());
            JsonObject node = other == null ? only(entry.getValue(), "a") : compare(entry.getValue(), other);
            if (node != null) {
                nodes.add(node);
            }
        }
        for (Map.Entry<String, NodeExecution> entry : right.entrySet()) {
            if (!left.containsKey(entry.getKey())) {
                nodes.add(only(entry.getValue(), "b"));
            }
        }
        return Jsons.object()
                .add("a", a.id())
                .add("b", b.id())
                .add("run", run)
                .add("nodes", nodes)
                .build();
    }

    /** The node's differences, or null when there are none. */
    private static JsonObject compare(NodeExecution a, NodeExecution b) {
        JsonObjectBuilder d = Jsons.object();
        differs(d, "state", Jsons.string(a.state()), Jsons.string(b.state()));
        differs(d, "error", error(a.error()), error(b.error()));
        differs(d, "tokens", tokens(a.tokens()), tokens(b.tokens()));
        differs(d, "duration", number(a.duration()), number(b.duration()));
        differs(d, "branch", text(a.branch()), text(b.branch()));
        patch(d, "inputs", a.input(), b.input());
        patch(d, "outputs", a.output(), b.output());
        JsonObject differences = d.build();
        if (differences.isEmpty()) {
            return null;
        }
        return Jsons.object(differences)
                .add("nodeKey", a.nodeKey())
                .add("invokeId", a.invokeId())
                .build();
    }

    private static JsonObject only(NodeExecution n, String side) {
        return Jsons.object()
                .add("nodeKey", n.nodeKey())
                .add("invokeId", n.invokeId())
                .add("only", side)
                .add("state", n.state())
                .build();
    }

    private static Map<String, NodeExecution> byOccurrence(List<NodeExecution> executions) {
        Map<String, NodeExecution> map = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeExecution n : executions) {
            int occurrence = seen.merge(n.invokeId(), 1, Integer::sum);
            map.put(n.invokeId() + "#" + occurrence, n);
        }
        return map;
    }

    private static void differs(JsonObjectBuilder out, String field, JsonValue a, JsonValue b) {
        if (!Objects.equals(a, b)) {
            out.add(field, Jsons.object().add("a", a).add("b", b));
        }
    }

    /** The JSON Patch from a's value to b's (JSON-P's own diff), when they differ. */
    private static void patch(JsonObjectBuilder out, String field, JsonValue a, JsonValue b) {
        JsonValue left = a == null ? JsonValue.NULL : a;
        JsonValue right = b == null ? JsonValue.NULL : b;
        if (left.equals(right)) {
            return;
        }
        if (left instanceof JsonStructure x
                && right instanceof JsonStructure y
                && x.getValueType() == y.getValueType()) {
            JsonArray operations = Json.createDiff(x, y).toJsonArray();
            out.add(field, operations);
            return;
        }
        // a value of another kind (or a missing one) is replaced whole
        out.add(
                field,
                Jsons.array()
                        .add(Jsons.object().add("op", "replace").add("path", "").add("value", right)));
    }

    private static JsonValue tokens(InstanceViews.Tokens t) {
        return t == null
                ? JsonValue.NULL
                : Jsons.object()
                        .add("promptTokens", t.promptTokens())
                        .add("completionTokens", t.completionTokens())
                        .add("totalTokens", t.totalTokens())
                        .add("embeddingTokens", t.embeddingTokens())
                        .add("rerankTokens", t.rerankTokens())
                        .build();
    }

    private static JsonValue error(InstanceViews.RunError e) {
        return e == null
                ? JsonValue.NULL
                : Jsons.object()
                        .add("code", text(e.code()))
                        .add("message", text(e.message()))
                        .build();
    }

    private static JsonValue number(Long value) {
        return value == null ? JsonValue.NULL : Jsons.number(value);
    }

    private static JsonValue text(String value) {
        return value == null ? JsonValue.NULL : Jsons.string(value);
    }
}
