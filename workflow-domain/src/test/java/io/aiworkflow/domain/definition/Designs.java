package io.aiworkflow.domain.definition;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The shared {@link WorkflowDesign} as the domain tests use it: fields as {@link FieldDesign}s,
 * shorthands for the node types these tests need, and the design read by {@link FunctionDesignReader}
 * (which checks only its shape, so designs the validator must refuse can be built).
 */
final class Designs {

    private final WorkflowDesign design = WorkflowDesign.design();

    private Designs() {}

    static Designs design() {
        return new Designs();
    }

    Designs node(String key, String type, FieldDesign... fields) {
        JsonObject[] json = new JsonObject[fields.length];
        for (int i = 0; i < fields.length; i++) {
            json[i] = Jsons.object()
                    .add("fieldName", fields[i].fieldName())
                    .add("expressionType", fields[i].expressionType())
                    .add("value", fields[i].value())
                    .build();
        }
        design.node(key, type, json);
        return this;
    }

    Designs node(String key, NodeType type, FieldDesign... fields) {
        return node(key, type.name(), fields);
    }

    Designs start(String key) {
        return node(key, NodeType.Start);
    }

    Designs end(String key, FieldDesign... fields) {
        return node(key, NodeType.End, fields);
    }

    Designs ai(String key, FieldDesign... fields) {
        return node(key, NodeType.AiChat, fields);
    }

    /** A Condition node whose {@code conditions} list has these keys. */
    Designs condition(String key, String... conditionKeys) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < conditionKeys.length; i++) {
            list.append(i == 0 ? "" : ",")
                    .append("{'key':'")
                    .append(conditionKeys[i])
                    .append("','left':{'type':'ref','content':['input','x']},'operator':'equals',")
                    .append("'right':{'type':'value','content':'")
                    .append(conditionKeys[i])
                    .append("'}}");
        }
        return node(
                key, NodeType.Condition, fixed("conditions", list.append("]").toString()));
    }

    Designs forEach(String key) {
        return node(key, NodeType.ForEach, variable("items", "input.items"));
    }

    Designs connect(String from, String to) {
        return connect(from, to, null);
    }

    Designs connect(String from, String to, String label) {
        if (label == null) {
            design.connect(from, to);
        } else {
            design.connect(from, to, label);
        }
        return this;
    }

    /** Connects each key to the next, unlabelled. */
    Designs chain(String... keys) {
        for (int i = 1; i < keys.length; i++) {
            connect(keys[i - 1], keys[i]);
        }
        return this;
    }

    FunctionDesign build() {
        return design.then(FunctionDesignReader::read);
    }

    /** JSON text with single quotes for readability. */
    static JsonValue json(String text) {
        return Jsons.parse(text.replace('\'', '"'));
    }

    static FieldDesign fixed(String name, String json) {
        return FieldDesign.fixed(name, json(json));
    }

    static FieldDesign variable(String name, String path) {
        return field(name, ExpressionType.Variable.name(), path);
    }

    static FieldDesign jsonPath(String name, String path) {
        return field(name, ExpressionType.JsonPath.name(), path);
    }

    static FieldDesign template(String name, String text) {
        return field(name, ExpressionType.StringInterpolation.name(), text);
    }

    static FieldDesign field(String name, String expressionType, String text) {
        return new FieldDesign(name, expressionType, Jsons.provider().createValue(text));
    }
}
