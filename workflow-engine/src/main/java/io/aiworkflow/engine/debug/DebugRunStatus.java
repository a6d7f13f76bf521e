package io.aiworkflow.engine.debug;

/** A run's {@code status} in the debug channel's messages, sent as its number. */
enum DebugRunStatus {
    RUNNING(1),
    FAILED(2),
    SUCCEEDED(3);

    private final int code;

    DebugRunStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
