package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/** The run reached its End node; {@code result} is the End node's output. */
public record WorkflowFinished(
        long sequence, String instanceId, Instant timestamp, JsonObject result, long durationMs, TokenUsage usage)
        implements EngineEvent {}
