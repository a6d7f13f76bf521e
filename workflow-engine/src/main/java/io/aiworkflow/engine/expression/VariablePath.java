package io.aiworkflow.engine.expression;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path with {@code [i]} indexes, such as {@code node_1.items[0].name}. The first segment
 * names a scope root ({@code sys}, {@code input}, {@code loop} or a node key).
 */
public final class VariablePath {

    private final String text;
    private final List<Object> segments; // String keys and Integer indexes

    private VariablePath(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
    }

    public static VariablePath parse(String text) {
        String path = text == null ? "" : text.trim();
        List<Object> segments = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(key, segments);
            } else if (c == '[') {
                flush(key, segments);
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in path '" + path + "'");
                }
                String inner = path.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") || inner.startsWith("\""))) {
                    segments.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        segments.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad index [" + inner + "] in path '" + path + "'");
                    }
                }
                i = close;
            } else {
                key.append(c);
            }
        }
        flush(key, segments);
        if (segments.isEmpty() || !(segments.get(0) instanceof String)) {
            throw new IllegalArgumentException("path '" + path + "' must start with a name");
        }
        return new VariablePath(path, List.copyOf(segments));
    }

    /** A path from already split segments, e.g. a Condition ref operand {@code content:[nodeKey, field…]}. */
    public static VariablePath of(List<String> parts) {
        List<Object> segments = new ArrayList<>();
        for (String part : parts) {
            segments.add(part.matches("\\d+") && !segments.isEmpty() ? (Object) Integer.parseInt(part) : part);
        }
        return new VariablePath(String.join(".", parts), List.copyOf(segments));
    }

    private static void flush(StringBuilder key, List<Object> segments) {
        if (!key.isEmpty()) {
            segments.add(key.toString().trim());
            key.setLength(0);
        }
    }

    public String root() {
        return (String) segments.get(0);
    }

    /** Follows the path in the scope; a missing step gives JSON null rather than an error. */
    public JsonValue resolve(Scope scope) {
        JsonValue current = scope.get(root()).orElse(JsonValue.NULL);
        return follow(current, 1);
    }

    /** Follows the path below a given object, its first segment being a key of that object. */
    public JsonValue resolveIn(JsonObject object) {
        return follow(object, 0);
    }

    private JsonValue follow(JsonValue start, int from) {
        JsonValue current = start;
        for (int i = from; i < segments.size(); i++) {
            Object segment = segments.get(i);
            if (current instanceof JsonObject o) {
                current = o.get(segment.toString());
            } else if (current instanceof JsonArray a && segment instanceof Integer index) {
                int at = index < 0 ? a.size() + index : index;
                current = at >= 0 && at < a.size() ? a.get(at) : null;
            } else {
                current = null;
            }
            if (current == null) {
                return JsonValue.NULL;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
