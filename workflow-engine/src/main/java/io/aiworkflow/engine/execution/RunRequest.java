package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;

import java.util.Objects;

/** One execution to start: the caller assigns the instance id (a UUID string) before the run exists. */
public record RunRequest(
        String instanceId,
        String appId,
        int version,
        long teamId,
        long userId,
        FunctionDesign design,
        JsonObject parameters,
        RunOrigin origin) {

    public RunRequest {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(design, "design");
        parameters = parameters == null ? Jsons.EMPTY_OBJECT : parameters;
        origin = origin == null ? RunOrigin.API : origin;
    }

    /** A run started through the API. */
    public RunRequest(
            String instanceId,
            String appId,
            int version,
            long teamId,
            long userId,
            FunctionDesign design,
            JsonObject parameters) {
        this(instanceId, appId, version, teamId, userId, design, parameters, RunOrigin.API);
    }
}
