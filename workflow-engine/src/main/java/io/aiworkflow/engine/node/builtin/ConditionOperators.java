package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * The Condition node's comparison operators. Comparisons are lenient the way users expect from a form:
 * {@code 3} equals {@code "3"}, numbers compare numerically, missing values are empty. FlowGram's
 * names {@code eq}, {@code neq} and {@code nin} are accepted for equals, not_equals and not in.
 */
final class ConditionOperators {

    private ConditionOperators() {}

    static boolean test(JsonValue left, String operator, JsonValue right) {
        return switch (operator == null ? "" : operator) {
            case "equals", "eq" -> same(left, right);
            case "not_equals", "neq" -> !same(left, right);
            case "contains" -> contains(left, right);
            case "not_contains" -> !contains(left, right);
            case "starts_with" -> Jsons.text(left).startsWith(Jsons.text(right));
            case "ends_with" -> Jsons.text(left).endsWith(Jsons.text(right));
            case "is_empty" -> isEmpty(left);
            case "is_not_empty" -> !isEmpty(left);
            case "is_true" -> truthy(left);
            case "is_false" ->
                left == JsonValue.FALSE
                        || left instanceof JsonString s
                                && "false".equalsIgnoreCase(s.getString().trim());
            case "gt" -> ordered(left, right) && compare(left, right) > 0;
            case "gte" -> ordered(left, right) && compare(left, right) >= 0;
            case "lt" -> ordered(left, right) && compare(left, right) < 0;
            case "lte" -> ordered(left, right) && compare(left, right) <= 0;
            case "in" -> in(left, right);
            case "nin" -> !in(left, right);
            default ->
                throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "unknown condition operator '" + operator + "'");
        };
    }

    private static boolean in(JsonValue left, JsonValue right) {
        return right instanceof JsonArray array
                ? array.stream().anyMatch(item -> same(left, item))
                : right instanceof JsonString s && s.getString().contains(Jsons.text(left));
    }

    static boolean same(JsonValue a, JsonValue b) {
        if (Jsons.isNull(a) || Jsons.isNull(b)) {
            return Jsons.isNull(a) && Jsons.isNull(b);
        }
        Optional<Double> x = number(a);
        Optional<Double> y = number(b);
        if (x.isPresent() && y.isPresent() && (a instanceof JsonNumber || b instanceof JsonNumber)) {
            return x.get().doubleValue() == y.get().doubleValue();
        }
        if (a instanceof JsonObject || a instanceof JsonArray || b instanceof JsonObject || b instanceof JsonArray) {
            return a.equals(b);
        }
        return Jsons.text(a).equals(Jsons.text(b));
    }

    private static boolean contains(JsonValue container, JsonValue part) {
        if (container instanceof JsonArray array) {
            return array.stream().anyMatch(item -> same(item, part));
        }
        if (container instanceof JsonObject object) {
            return object.containsKey(Jsons.text(part));
        }
        return !Jsons.isNull(container) && Jsons.text(container).contains(Jsons.text(part));
    }

    private static boolean isEmpty(JsonValue value) {
        if (Jsons.isNull(value)) {
            return true;
        }
        if (value instanceof JsonString s) {
            return s.getString().isEmpty();
        }
        if (value instanceof JsonArray a) {
            return a.isEmpty();
        }
        return value instanceof JsonObject o && o.isEmpty();
    }

    private static boolean truthy(JsonValue value) {
        return value == JsonValue.TRUE
                || value instanceof JsonString s
                        && "true".equalsIgnoreCase(s.getString().trim());
    }

    /** Nothing is ordered against a missing value: every comparison with one is false. */
    private static boolean ordered(JsonValue a, JsonValue b) {
        return !Jsons.isNull(a) && !Jsons.isNull(b);
    }

    private static int compare(JsonValue a, JsonValue b) {
        Optional<Double> x = number(a);
        Optional<Double> y = number(b);
        if (x.isPresent() && y.isPresent()) {
            return Double.compare(x.get(), y.get());
        }
        return Jsons.text(a).compareTo(Jsons.text(b));
    }

    private static Optional<Double> number(JsonValue value) {
        return NodeInput.asDouble(value);
    }
}
