package io.aiworkflow.engine.event;

import io.aiworkflow.domain.model.run.RunOrigin;
import jakarta.json.JsonObject;

import java.time.Instant;

/** A run began: the app, the version that runs, the parameters it was given and how it was started. */
public record WorkflowStarted(
        long sequence,
        String instanceId,
        Instant timestamp,
        String appId,
        int version,
        JsonObject parameters,
        RunOrigin origin)
        implements EngineEvent {}
