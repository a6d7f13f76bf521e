package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A node run failed. {@code handled} is true when the node's onError setting
 * ({@code continue} or {@code branch}) lets the run go on.
 */
public record NodeFailed(
        long sequence,
        String instanceId,
        Instant timestamp,
        NodeRef node,
        JsonObject inputs,
        String code,
        String message,
        Instant startTime,
        long durationMs,
        boolean handled,
        int attempt)
        implements EngineEvent {}
