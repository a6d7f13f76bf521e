package io.aiworkflow.engine.support;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Locale;

/**
 * The shared {@link WorkflowDesign} as the engine tests use it: fields as {@link Fields} makes them,
 * node types by enum or name, nodes named in capitals (so names and keys differ), and a
 * {@link FunctionDesign} read from the JSON by the platform's own reader: {@code design().node("a", DataProcess, …).chain("start","a","end").build()}.
 */
public final class DesignBuilder {

    private final WorkflowDesign design = WorkflowDesign.design();

    public static DesignBuilder design() {
        return new DesignBuilder();
    }

    public DesignBuilder node(String key, NodeType type, FieldDesign... fields) {
        return node(key, type.name(), fields);
    }

    public DesignBuilder node(String key, String type, FieldDesign... fields) {
        JsonObject[] json = new JsonObject[fields.length];
        for (int i = 0; i < fields.length; i++) {
            json[i] = Json.createObjectBuilder()
                    .add("fieldName", fields[i].fieldName())
                    .add("expressionType", fields[i].expressionType())
                    .add("value", fields[i].value())
                    .build();
        }
        design.node(key, key.toUpperCase(Locale.ROOT), type, json);
        return this;
    }

    public DesignBuilder start(FieldDesign... parameters) {
        return node("start", NodeType.Start, parameters);
    }

    public DesignBuilder end(FieldDesign... fields) {
        return node("end", NodeType.End, fields);
    }

    public DesignBuilder edge(String from, String to) {
        design.connect(from, to);
        return this;
    }

    public DesignBuilder edge(String from, String to, String label) {
        design.connect(from, to, label);
        return this;
    }

    public DesignBuilder chain(String... keys) {
        design.chain(keys);
        return this;
    }

    public FunctionDesign build() {
        return design.then(FunctionDesignReader::read);
    }
}
