package io.aiworkflow.domain.definition;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code FunctionDesign} from its JSON form, checking only its shape: drafts may be
 * incomplete, so graph rules are left to {@link WorkflowValidator}. Every shape problem is reported.
 */
public final class FunctionDesignReader {

    /** Longest node key, node name or connection label. */
    public static final int MAX_NAME_LENGTH = 200;

    private FunctionDesignReader() {}

    public static FunctionDesign read(JsonValue json) {
        List<String> problems = new ArrayList<>();
        FunctionDesign design = read(json, problems);
        if (!problems.isEmpty()) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    "functionDesign is malformed: " + problems.get(0),
                    Map.of("problems", List.copyOf(problems)));
        }
        return design;
    }

    private static FunctionDesign read(JsonValue json, List<String> problems) {
        if (json == null || json.getValueType() == JsonValue.ValueType.NULL) {
            return new FunctionDesign(List.of(), List.of());
        }
        if (!(json instanceof JsonObject object)) {
            problems.add("must be an object");
            return null;
        }
        List<NodeDesign> nodes = new ArrayList<>();
        JsonArray nodeArray = array(object, "nodes", "functionDesign", problems);
        for (int i = 0; nodeArray != null && i < nodeArray.size(); i++) {
            NodeDesign node = node(nodeArray.get(i), "nodes[" + i + "]", problems);
            if (node != null) {
                nodes.add(node);
            }
        }
        List<Connection> connections = new ArrayList<>();
        JsonArray connectionArray = array(object, "connections", "functionDesign", problems);
        for (int i = 0; connectionArray != null && i < connectionArray.size(); i++) {
            Connection connection = connection(connectionArray.get(i), "connections[" + i + "]", problems);
            if (connection != null) {
                connections.add(connection);
            }
        }
        return new FunctionDesign(nodes, connections);
    }

    private static NodeDesign node(JsonValue json, String where, List<String> problems) {
        if (!(json instanceof JsonObject object)) {
            problems.add(where + " must be an object");
            return null;
        }
        String nodeKey = bounded(requiredString(object, "nodeKey", where, problems), "nodeKey", where, problems);
        String nodeType = requiredString(object, "nodeType", where, problems);
        String name = bounded(optionalString(object, "name", where, problems), "name", where, problems);
        String description = optionalString(object, "description", where, problems);
        List<FieldDesign> fields = new ArrayList<>();
        JsonArray fieldArray = array(object, "fieldDesigns", where, problems);
        for (int i = 0; fieldArray != null && i < fieldArray.size(); i++) {
            String fieldWhere = where + ".fieldDesigns[" + i + "]";
            if (!(fieldArray.get(i) instanceof JsonObject field)) {
                problems.add(fieldWhere + " must be an object");
                continue;
            }
            String fieldName = requiredString(field, "fieldName", fieldWhere, problems);
            String expressionType = optionalString(field, "expressionType", fieldWhere, problems);
            fields.add(
                    new FieldDesign(fieldName, expressionType == null ? "Fixed" : expressionType, field.get("value")));
        }
        return new NodeDesign(nodeKey, name, description, nodeType, fields);
    }

    private static Connection connection(JsonValue json, String where, List<String> problems) {
        if (!(json instanceof JsonObject object)) {
            problems.add(where + " must be an object");
            return null;
        }
        return new Connection(
                requiredString(object, "sourceNodeKey", where, problems),
                requiredString(object, "targetNodeKey", where, problems),
                bounded(optionalString(object, "label", where, problems), "label", where, problems));
    }

    /**
     * Node keys, names and connection labels are stored with every node run (history columns of
     * {@value #MAX_NAME_LENGTH} characters) and appear in logs: bounded, and without control characters.
     */
    private static String bounded(String value, String key, String where, List<String> problems) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            problems.add(where + "." + key + " is longer than " + MAX_NAME_LENGTH + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(where + "." + key + " contains a control character");
        }
        return value;
    }

    private static JsonArray array(JsonObject object, String key, String where, List<String> problems) {
        JsonValue value = object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonArray array) {
            return array;
        }
        problems.add(where + "." + key + " must be an array");
        return null;
    }

    private static String requiredString(JsonObject object, String key, String where, List<String> problems) {
        String value = optionalString(object, key, where, problems);
        if (value == null ? JsonFields.isAbsent(object.get(key)) : value.isBlank()) {
            problems.add(where + "." + key + " is required");
        }
        return value;
    }

    private static String optionalString(JsonObject object, String key, String where, List<String> problems) {
        JsonValue value = object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        problems.add(where + "." + key + " must be a string");
        return null;
    }
}
