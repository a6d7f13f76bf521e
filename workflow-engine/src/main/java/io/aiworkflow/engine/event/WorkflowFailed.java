package io.aiworkflow.engine.event;

import java.time.Instant;

/** The run failed; {@code code} is a public error code such as VALIDATION_ERROR or NODE_TIMEOUT. */
public record WorkflowFailed(
        long sequence,
        String instanceId,
        Instant timestamp,
        String code,
        String message,
        long durationMs,
        TokenUsage usage)
        implements EngineEvent {}
