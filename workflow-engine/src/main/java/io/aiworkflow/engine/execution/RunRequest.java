package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
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
        JsonObject parameters) {

    public RunRequest {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(design, "design");
        parameters = parameters == null ? Jsons.EMPTY_OBJECT : parameters;
    }
}
