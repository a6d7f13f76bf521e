package io.aiworkflow.web.console;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.List;

/**
 * The run form's two directions: the Start node's declarations ({@code {fieldType, isRequired,
 * default?, description?}}) to form fields, and the filled fields to the typed parameters object.
 * Required checks and defaults stay with the engine (StartParameters), so the form cannot drift from
 * what a run accepts; here only text becomes the declared JSON type.
 */
final class RunParameters {

    private RunParameters() {}

    /** The fields of the published design's Start node; none when it has no (single) Start node. */
    static List<ParameterField> fields(String designJson) {
        if (designJson == null) {
            return List.of();
        }
        List<NodeDesign> starts =
                FunctionDesignReader.read(Jsons.parse(designJson)).nodesOfType(NodeType.Start);
        if (starts.size() != 1) {
            return List.of();
        }
        return starts.get(0).fieldDesigns().stream()
                .filter(f -> !NodeDesign.isSetting(f.fieldName()))
                .map(RunParameters::field)
                .toList();
    }

    private static ParameterField field(FieldDesign f) {
        JsonObject d = f.value() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        JsonValue def = d.get("default");
        String defaultText = def == null || def == JsonValue.NULL
                ? null
                : def instanceof JsonString s ? s.getString() : def.toString();
        return new ParameterField(
                f.fieldName(),
                d.getString("fieldType", "Dynamic"),
                d.getBoolean("isRequired", false),
                d.getString("description", null),
                defaultText);
    }

    /** Blank fields are left out, so the engine applies the default or reports the missing parameter. */
    static JsonObject toJson(List<ParameterField> fields) {
        JsonObjectBuilder parameters = Jsons.object();
        for (ParameterField f : fields) {
            if ("boolean".equals(f.getInputKind())) {
                parameters.add(f.getName(), f.isFlag());
                continue;
            }
            String text = f.getText();
            if (text == null || text.isBlank()) {
                continue;
            }
            parameters.add(f.getName(), value(f, text));
        }
        return parameters.build();
    }

    private static JsonValue value(ParameterField f, String text) {
        switch (f.getFieldType()) {
            case "String":
                return Jsons.provider().createValue(text);
            case "Number":
                try {
                    return Jsons.provider().createValue(new BigDecimal(text.trim()));
                } catch (NumberFormatException e) {
                    throw WorkflowException.validation(f.getName(), "must be a number");
                }
            case "Object", "Array":
                JsonValue json = parse(f, text);
                boolean object = "Object".equals(f.getFieldType());
                if (json.getValueType() != (object ? JsonValue.ValueType.OBJECT : JsonValue.ValueType.ARRAY)) {
                    throw WorkflowException.validation(f.getName(), "must be a JSON " + (object ? "object" : "array"));
                }
                return json;
            default:
                // Dynamic: JSON when it reads as JSON (42, true, {...}), else the text itself
                try {
                    return Jsons.parse(text);
                } catch (WorkflowException e) {
                    return Jsons.provider().createValue(text);
                }
        }
    }

    private static JsonValue parse(ParameterField f, String text) {
        try {
            return Jsons.parse(text);
        } catch (WorkflowException e) {
            throw WorkflowException.validation(f.getName(), "is not valid JSON");
        }
    }
}
