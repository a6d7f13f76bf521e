package io.aiworkflow.engine.node;

/** Thrown by a node to fail its run with a public error code and a message safe to show users. */
public class NodeFailure extends RuntimeException {

    private final String code;

    public NodeFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public NodeFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
