package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;

/**
 * The parameters a Start node declares, checked against the parameters a run was given. Each field
 * design declares one: {@code {fieldType, isRequired, default?, description?}}. The executor checks
 * them before any node runs, so a bad call never starts half a workflow.
 */
public final class StartParameters {

    private StartParameters() {}

    /**
     * The declared parameters with defaults applied (undeclared ones dropped, absent optional ones
     * null); throws VALIDATION_ERROR naming the first missing or mistyped parameter.
     */
    public static JsonObject resolve(NodeDesign start, JsonObject given) {
        JsonObject parameters = given == null ? Jsons.EMPTY_OBJECT : given;
        JsonObjectBuilder resolved = Jsons.object();
        for (FieldDesign field : start.fieldDesigns()) {
            if (NodeDesign.isSetting(field.fieldName())) {
                continue;
            }
            JsonObject declaration = field.value() instanceof JsonObject o ? o : Jsons.EMPTY_OBJECT;
            String name = field.fieldName();
            JsonValue value = parameters.get(name);
            if (Jsons.isNull(value)) {
                value = declaration.get("default");
            }
            if (Jsons.isNull(value)) {
                if (declaration.getBoolean("isRequired", false)) {
                    throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "parameter '" + name + "' is required");
                }
                resolved.add(name, JsonValue.NULL);
                continue;
            }
            String fieldType = declaration.get("fieldType") instanceof JsonString t ? t.getString() : "Dynamic";
            if (!hasType(value, fieldType)) {
                throw new NodeFailure(
                        NodeErrors.VALIDATION_ERROR,
                        "parameter '" + name + "' must be of type " + fieldType + ", got "
                                + value.getValueType().name().toLowerCase(Locale.ROOT));
            }
            resolved.add(name, value);
        }
        return resolved.build();
    }

    static boolean hasType(JsonValue value, String fieldType) {
        return switch (fieldType) {
            case "String" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "Number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "Boolean" ->
                value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE;
            case "Object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "Array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            default -> true; // Dynamic or unknown: anything goes
        };
    }
}
