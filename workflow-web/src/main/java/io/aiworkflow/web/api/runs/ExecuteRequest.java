package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** seed 003 {@code ExecuteWorkflowRequest}: {@code {appId, parameters?}}; parameters must be an object. */
record ExecuteRequest(String appId, JsonObject parameters) {

    static ExecuteRequest of(JsonObject body) {
        return new ExecuteRequest(JsonFields.string(body, "appId", true, 64), parameters(body.get("parameters")));
    }

    /** The EventSource form: parameters arrive as JSON text in a query parameter. */
    static ExecuteRequest of(String appId, String parametersJson) {
        if (appId == null || appId.isBlank()) {
            throw JsonFields.missing("appId");
        }
        return new ExecuteRequest(appId, parametersJson == null || parametersJson.isBlank()
                ? null : parameters(Jsons.parse(parametersJson)));
    }

    private static JsonObject parameters(JsonValue value) {
        if (JsonFields.isAbsent(value)) {
            return null;
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw WorkflowException.validation("parameters", "must be a JSON object");
    }
}
