package io.aiworkflow.web.api.support;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * Request bodies are read as text and parsed here, so that malformed JSON, a non-object body and
 * wrongly typed fields all give precise errors in the API's error format.
 */
public final class RequestBodies {

    private RequestBodies() {}

    public static JsonObject object(String body) {
        return Jsons.parseObject(body);
    }

    /**
     * An optional body: absent when empty or the JSON {@code null} (what generated clients send for
     * an unset optional body), else it must be an object.
     */
    public static Optional<JsonObject> optionalObject(String body) {
        if (body == null || body.isBlank() || body.strip().equals("null")) {
            return Optional.empty();
        }
        return Optional.of(object(body));
    }

    /** An embedded JSON document (a design) as text, or null when absent; it must be an object. */
    public static String embeddedObject(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (JsonFields.isAbsent(v)) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw JsonFields.wrongType(field, "a JSON object");
        }
        return v.toString();
    }

    public static JsonValue stored(String json) {
        return json == null ? null : Jsons.parse(json);
    }
}
