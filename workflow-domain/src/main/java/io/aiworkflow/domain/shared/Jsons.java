package io.aiworkflow.domain.shared;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON-P through one cached provider: {@code Json.createX} looks the provider up with a
 * ServiceLoader on every call, which costs more than the work itself on hot paths.
 */
public final class Jsons {

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    public static final JsonObject EMPTY_OBJECT = PROVIDER.createObjectBuilder().build();
    public static final JsonArray EMPTY_ARRAY = PROVIDER.createArrayBuilder().build();

    private Jsons() {}

    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject copyOf) {
        return PROVIDER.createObjectBuilder(copyOf);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    /** Deepest nesting of arrays and objects accepted in JSON we parse (request bodies, plugin answers). */
    public static final int MAX_DEPTH = 200;

    /**
     * Parses any JSON text; malformed text, or text nested deeper than {@link #MAX_DEPTH}, is an
     * {@link ErrorCode#INVALID_JSON} error.
     */
    public static JsonValue parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WorkflowException(
                    ErrorCode.INVALID_JSON, "the request body is empty; a JSON document is required");
        }
        requireDepthAtMost(text, MAX_DEPTH);
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonParsingException("unexpected content after the JSON value", parser.getLocation());
            }
            return value;
        } catch (JsonParsingException e) {
            throw new WorkflowException(
                    ErrorCode.INVALID_JSON,
                    "malformed JSON: " + e.getMessage(),
                    Map.of(
                            "line",
                            e.getLocation().getLineNumber(),
                            "column",
                            e.getLocation().getColumnNumber()));
        } catch (JsonException e) {
            throw new WorkflowException(ErrorCode.INVALID_JSON, "malformed JSON: " + e.getMessage());
        }
    }

    /**
     * A parser builds nested values recursively: thousands of {@code [} would exhaust its stack. One
     * pass over the text (strings skipped) finds the depth before any parsing starts.
     */
    static void requireDepthAtMost(String text, int maxDepth) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth) {
                    throw new WorkflowException(
                            ErrorCode.INVALID_JSON,
                            "JSON nested deeper than " + maxDepth + " levels",
                            Map.of("maxDepth", maxDepth));
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }

    /** Parses text that must be a JSON object. */
    public static JsonObject parseObject(String text) {
        JsonValue value = parse(text);
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new WorkflowException(ErrorCode.VALIDATION_ERROR, "the request body must be a JSON object");
    }

    /** Stored JSON text (written by us) back to a value; null stays null. */
    public static JsonValue parseStored(String text) {
        return text == null ? JsonValue.NULL : parse(text);
    }

    public static JsonString string(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber number(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber number(double value) {
        return PROVIDER.createValue(value);
    }

    public static JsonValue bool(boolean value) {
        return value ? JsonValue.TRUE : JsonValue.FALSE;
    }

    /** Converts plain Java values (maps, lists, numbers, strings, booleans, null) or JSON-P values to JSON-P. */
    public static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonObject o) {
            // copy: JSONPath hands out proxies over its own mutable containers
            JsonObjectBuilder b = object();
            o.forEach((k, v) -> b.add(k, toJson(v)));
            return b.build();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = array();
            a.forEach(v -> b.add(toJson(v)));
            return b.build();
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Boolean b) {
            return bool(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return number(((Number) value).longValue());
        }
        if (value instanceof BigInteger bi) {
            return PROVIDER.createValue(bi);
        }
        if (value instanceof BigDecimal bd) {
            return PROVIDER.createValue(bd);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? number((long) d) : number(d);
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder b = object();
            map.forEach((k, v) -> b.add(String.valueOf(k), toJson(v)));
            return b.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder b = array();
            list.forEach(v -> b.add(toJson(v)));
            return b.build();
        }
        return string(value.toString());
    }

    /** How a value reads inside text: strings without quotes, null as empty, everything else as JSON. */
    public static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value.toString();
    }

    /**
     * Appends the value's JSON text, the same as its {@code toString()}, to {@code out}. Projections
     * that join many values into one column use it: {@code toString()} goes through a generator, a
     * synchronized buffer and two more copies of the text, and in the trace projection writing
     * frames that way took more time than building them. A test holds the two texts equal.
     */
    public static void appendTo(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> field : ((JsonObject) value).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendString(field.getKey(), out);
                    out.append(':');
                    appendTo(field.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonValue item : (JsonArray) value) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendTo(item, out);
                }
                out.append(']');
            }
            case STRING -> appendString(((JsonString) value).getString(), out);
            case NUMBER -> out.append(value);
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
        }
    }

    /** The value's JSON text, the same as its {@code toString()}, written as {@link #appendTo} does. */
    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder(64);
        appendTo(value, out);
        return out.toString();
    }

    /**
     * Appends {@code text} as a JSON string, as {@link #appendTo} writes string values: quotes,
     * backslashes and control characters escaped, everything else as it is.
     */
    public static void appendString(String text, StringBuilder out) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(text, plainFrom, text.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static boolean isNull(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
