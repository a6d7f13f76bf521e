package io.aiworkflow.domain.definition;

import java.util.Optional;

/** How a field design's {@code value} is turned into a runtime value. */
public enum ExpressionType {
    /** the literal JSON value */
    Fixed,
    /** a dotted path into the variable scope: {@code input.name}, {@code node_1.items[0]} */
    Variable,
    /** a JSONPath over the whole scope: {@code $.node_1.items[0].name} */
    JsonPath,
    /** a string with {@code {{path}}} holes, each a Variable path */
    StringInterpolation;

    public static Optional<ExpressionType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ExpressionType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
