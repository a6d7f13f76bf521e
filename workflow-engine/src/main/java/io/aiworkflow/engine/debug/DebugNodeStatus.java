package io.aiworkflow.engine.debug;

/**
 * A node execution's {@code status} in the debug channel's messages, sent as its number. A node
 * that waits for a person is {@link #RUNNING} with {@code need_human_confirm} 1; a skipped node
 * sends no message at all (it only counts as a completed step).
 */
enum DebugNodeStatus {
    NOT_RUNNABLE(0),
    RUNNABLE(1),
    RUNNING(2),
    SUCCEEDED(3),
    FAILED(4);

    private final int code;

    DebugNodeStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
