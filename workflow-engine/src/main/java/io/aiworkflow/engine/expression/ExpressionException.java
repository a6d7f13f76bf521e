package io.aiworkflow.engine.expression;

/** A field design that cannot be evaluated (bad path syntax, unknown expression type). */
public class ExpressionException extends RuntimeException {
    public ExpressionException(String message) {
        super(message);
    }
}
