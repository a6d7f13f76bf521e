package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/** A run began: the app, the version that runs and the parameters it was given. */
public record WorkflowStarted(
        long sequence, String instanceId, Instant timestamp, String appId, int version, JsonObject parameters)
        implements EngineEvent {}
