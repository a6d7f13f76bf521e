package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A node run succeeded. {@code branch} is the Condition branch taken (else null); {@code attempt}
 * counts from 1 and is above 1 after retries. {@code reusedFrom}: in a replay, the node did not run
 * but its recorded outcome was restored from that node execution of the replayed run (see
 * {@code NodeExecutionIds}); null for a node that ran.
 */
public record NodeFinished(
        long sequence,
        String instanceId,
        Instant timestamp,
        NodeRef node,
        JsonObject inputs,
        JsonObject outputs,
        Instant startTime,
        long durationMs,
        TokenUsage usage,
        String branch,
        int attempt,
        String reusedFrom)
        implements EngineEvent {

    /** A node that ran. */
    public NodeFinished(
            long sequence,
            String instanceId,
            Instant timestamp,
            NodeRef node,
            JsonObject inputs,
            JsonObject outputs,
            Instant startTime,
            long durationMs,
            TokenUsage usage,
            String branch,
            int attempt) {
        this(
                sequence,
                instanceId,
                timestamp,
                node,
                inputs,
                outputs,
                startTime,
                durationMs,
                usage,
                branch,
                attempt,
                null);
    }

    public boolean isReused() {
        return reusedFrom != null;
    }
}
