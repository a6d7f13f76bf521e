package io.aiworkflow.engine.support;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Field design shorthands. */
public final class Fields {
    private Fields() {}

    public static FieldDesign fixed(String name, Object value) {
        return FieldDesign.fixed(name, value instanceof JsonValue v ? v : Jsons.toJson(value));
    }

    /** A Fixed field whose value is a JSON literal with single quotes. */
    public static FieldDesign fixedJson(String name, String json) {
        return FieldDesign.fixed(name, J.json(json));
    }

    public static FieldDesign var(String name, String path) {
        return new FieldDesign(name, "Variable", Jsons.string(path));
    }

    public static FieldDesign jsonPath(String name, String path) {
        return new FieldDesign(name, "JsonPath", Jsons.string(path));
    }

    public static FieldDesign text(String name, String template) {
        return new FieldDesign(name, "StringInterpolation", Jsons.string(template));
    }

    public static FieldDesign param(String name, String fieldType, boolean required) {
        return FieldDesign.fixed(
                name,
                Jsons.object()
                        .add("fieldType", fieldType)
                        .add("isRequired", required)
                        .build());
    }

    public static FieldDesign param(String name, String fieldType, boolean required, Object defaultValue) {
        JsonObjectBuilder b = Jsons.object()
                .add("fieldType", fieldType)
                .add("isRequired", required)
                .add("default", Jsons.toJson(defaultValue));
        return FieldDesign.fixed(name, b.build());
    }
}
