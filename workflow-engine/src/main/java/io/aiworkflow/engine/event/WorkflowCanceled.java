package io.aiworkflow.engine.event;

import java.time.Instant;

/** The run was canceled; running nodes were interrupted. */
public record WorkflowCanceled(long sequence, String instanceId, Instant timestamp, long durationMs, TokenUsage usage)
        implements EngineEvent {}
