package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The REST API's {@code ExecuteWorkflowRequest}: {@code {appId, parameters?}}; parameters must be an object.
 * {@code streamModes} (a string or an array of strings) may ask for {@code trace} frames.
 */
record ExecuteRequest(String appId, JsonObject parameters, boolean trace) {

    static final String TRACE = "trace";

    ExecuteRequest(String appId, JsonObject parameters) {
        this(appId, parameters, false);
    }

    static ExecuteRequest of(JsonObject body) {
        return new ExecuteRequest(
                JsonFields.string(body, "appId", true, 64),
                parameters(body.get("parameters")),
                streamModes(body.get("streamModes")).contains(TRACE));
    }

    /** Also asks for trace frames when a {@code streamModes} query value (comma-separated allowed) names trace. */
    ExecuteRequest withQueryModes(List<String> queryModes) {
        boolean inQuery = queryModes != null
                && queryModes.stream()
                        .flatMap(m -> Arrays.stream(m.split(",")))
                        .map(String::trim)
                        .anyMatch(TRACE::equalsIgnoreCase);
        return inQuery && !trace ? new ExecuteRequest(appId, parameters, true) : this;
    }

    private static Set<String> streamModes(JsonValue value) {
        if (JsonFields.isAbsent(value)) {
            return Set.of();
        }
        Set<String> modes = new HashSet<>();
        if (value instanceof JsonString s) {
            for (String m : s.getString().split(",")) {
                modes.add(m.trim().toLowerCase(Locale.ROOT));
            }
            return modes;
        }
        if (value instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (!(v instanceof JsonString s)) {
                    throw WorkflowException.validation("streamModes", "must be a string or an array of strings");
                }
                modes.add(s.getString().trim().toLowerCase(Locale.ROOT));
            }
            return modes;
        }
        throw WorkflowException.validation("streamModes", "must be a string or an array of strings");
    }

    /** The EventSource form: parameters arrive as JSON text in a query parameter. */
    static ExecuteRequest of(String appId, String parametersJson) {
        if (appId == null || appId.isBlank()) {
            throw JsonFields.missing("appId");
        }
        return new ExecuteRequest(
                appId,
                parametersJson == null || parametersJson.isBlank() ? null : parameters(Jsons.parse(parametersJson)));
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
