package io.aiworkflow.domain.definition;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One configured field of a node: its name, how to evaluate it, and the raw value.
 * {@code expressionType} is kept as written so that drafts may hold unknown types;
 * publishing rejects them, so executed designs always have a known {@link #expression()}.
 */
public record FieldDesign(String fieldName, String expressionType, JsonValue value) {

    public FieldDesign {
        value = value == null ? JsonValue.NULL : value;
    }

    public static FieldDesign fixed(String fieldName, JsonValue value) {
        return new FieldDesign(fieldName, ExpressionType.Fixed.name(), value);
    }

    /** The expression type, or {@code null} when the draft names an unknown one. */
    public ExpressionType expression() {
        return ExpressionType.parse(expressionType).orElse(null);
    }

    /** The value as a string, for Variable, JsonPath and StringInterpolation expressions. */
    public String text() {
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
