package io.aiworkflow.engine.event;

import jakarta.json.JsonValue;

import java.time.Instant;

/** Custom trace data a node reported while running, or a failed attempt the node retries. */
public record NodeTraced(long sequence, String instanceId, Instant timestamp, NodeRef node, JsonValue data, Kind kind)
        implements EngineEvent {

    public enum Kind {
        /** the node's {@code trace} call */
        DATA,
        /** the node's {@code traceError} call */
        ERROR,
        /** an attempt failed and will be retried: {@code {attempt, code, message, retryInMs}} */
        RETRY
    }

    /** Something went wrong: a reported error or a failed attempt. */
    public boolean error() {
        return kind != Kind.DATA;
    }
}
