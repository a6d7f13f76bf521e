package io.aiworkflow.domain.shared;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Typed reads of request fields that name the field in the error: a wrong type or a missing
 * required field is a {@link ErrorCode#VALIDATION_ERROR} with {@code details.field}.
 */
public final class JsonFields {

    private JsonFields() {}

    public static String string(JsonObject o, String field, boolean required, int maxLength) {
        JsonValue v = o.get(field);
        if (isAbsent(v)) {
            if (required) {
                throw missing(field);
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw wrongType(field, "a string");
        }
        String value = s.getString();
        if (required && value.isBlank()) {
            throw missing(field);
        }
        if (value.length() > maxLength) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    field + " is longer than " + maxLength + " characters",
                    Map.of("field", field));
        }
        return value;
    }

    public static Long longValue(JsonObject o, String field, boolean required) {
        JsonValue v = o.get(field);
        if (isAbsent(v)) {
            if (required) {
                throw missing(field);
            }
            return null;
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw wrongType(field, "an integer");
            }
        }
        if (v instanceof JsonString s) {
            try {
                return Long.parseLong(s.getString().trim());
            } catch (NumberFormatException e) {
                throw wrongType(field, "an integer");
            }
        }
        throw wrongType(field, "an integer");
    }

    /** As {@link #longValue}, within the range of an {@code int}. */
    public static Integer intValue(JsonObject o, String field, boolean required) {
        Long value = longValue(o, field, required);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw wrongType(field, "a smaller integer");
        }
        return value.intValue();
    }

    public static Boolean bool(JsonObject o, String field, boolean required) {
        JsonValue v = o.get(field);
        if (isAbsent(v)) {
            if (required) {
                throw missing(field);
            }
            return null;
        }
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw wrongType(field, "a boolean");
    }

    /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}; null when absent and not required. */
    public static Instant instant(JsonObject o, String field, boolean required) {
        return instant(o, "", field, required);
    }

    /** As {@link #instant(JsonObject, String, boolean)}, the field named {@code prefix + field} in errors. */
    public static Instant instant(JsonObject o, String prefix, String field, boolean required) {
        String value = string(o, field, required, 40);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    prefix + field + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z",
                    Map.of("field", prefix + field));
        }
    }

    /** An optional object field: null when absent. */
    public static JsonObject object(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (isAbsent(v)) {
            return null;
        }
        if (v instanceof JsonObject object) {
            return object;
        }
        throw wrongType(field, "an object");
    }

    public static boolean isAbsent(JsonValue v) {
        return v == null || v.getValueType() == JsonValue.ValueType.NULL;
    }

    public static WorkflowException missing(String field) {
        return new WorkflowException(ErrorCode.VALIDATION_ERROR, field + " is required", Map.of("field", field));
    }

    public static WorkflowException wrongType(String field, String expected) {
        return new WorkflowException(
                ErrorCode.VALIDATION_ERROR, field + " must be " + expected, Map.of("field", field));
    }
}
