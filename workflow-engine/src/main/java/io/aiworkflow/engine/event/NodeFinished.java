package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A node run succeeded. {@code branch} is the Condition branch taken (else null); {@code attempt}
 * counts from 1 and is above 1 after retries.
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
        int attempt)
        implements EngineEvent {}
