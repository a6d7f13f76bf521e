package io.aiworkflow.engine.debug;

/**
 * A run's {@code status} in the debug channel's messages, sent as its number, as NexusAI's clients
 * read it: a run has ended when it is no longer 1, and succeeded only on 2.
 */
enum DebugRunStatus {
    RUNNING(1),
    SUCCEEDED(2),
    FAILED(3);

    private final int code;

    DebugRunStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
