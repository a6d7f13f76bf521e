package io.aiworkflow.domain.definition;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the scope roots ({@code sys}, {@code input}, {@code loop} or a node key) that a field
 * design reads, so that references can be checked at publish time rather than fail at run time.
 */
public final class References {

    /** A {@code {{path}}} hole of a StringInterpolation. */
    public static final Pattern HOLE = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");

    private static final Pattern JSONPATH_ROOT =
            Pattern.compile("^\\$(?:\\.([A-Za-z0-9_\\-]+)|\\[['\"]([^'\"]+)['\"]])");

    private References() {}

    public static Set<String> roots(FieldDesign field) {
        Set<String> roots = new LinkedHashSet<>();
        ExpressionType type = field.expression();
        if (type == null) {
            return roots;
        }
        switch (type) {
            case Variable -> roots.add(root(field.text()));
            case StringInterpolation -> {
                Matcher m = HOLE.matcher(field.text());
                while (m.find()) {
                    roots.add(root(m.group(1)));
                }
            }
            case JsonPath -> {
                Matcher m = JSONPATH_ROOT.matcher(field.text().trim());
                if (m.find()) {
                    roots.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
            case Fixed -> collectConditionRefs(field.value(), roots);
        }
        return roots;
    }

    /** The first segment of a dotted variable path: {@code node_1.items[0].name} → {@code node_1}. */
    public static String root(String path) {
        String trimmed = path.trim();
        int end = trimmed.length();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        return trimmed.substring(0, end);
    }

    /** Condition operands {@code {type:"ref", content:[nodeKey, field…]}} inside Fixed values. */
    private static void collectConditionRefs(JsonValue value, Set<String> roots) {
        if (value instanceof JsonObject object) {
            if (object.get("type") instanceof JsonString t
                    && "ref".equals(t.getString())
                    && object.get("content") instanceof JsonArray content
                    && !content.isEmpty()
                    && content.get(0) instanceof JsonString first) {
                roots.add(first.getString());
            }
            object.values().forEach(v -> collectConditionRefs(v, roots));
        } else if (value instanceof JsonArray array) {
            array.forEach(v -> collectConditionRefs(v, roots));
        }
    }
}
