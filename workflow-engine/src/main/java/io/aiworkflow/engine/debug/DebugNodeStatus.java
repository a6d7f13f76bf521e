package io.aiworkflow.engine.debug;

/** A node execution's {@code status} in the debug channel's messages, sent as its number. */
enum DebugNodeStatus {
    /** not started: waiting for a person before it may run */
    PENDING(0),
    RUNNING(1),
    FAILED(2),
    SUCCEEDED(3),
    SKIPPED(4);

    private final int code;

    DebugNodeStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
