package io.aiworkflow.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a workflow's function design as the designer sends it (nodes with field designs, and
 * connections), for every test suite and the benchmark: {@code design().start(param("x", "String",
 * true)).node("a", "DataProcess", template("text", "{{input.x}}")).end(variable("a", "a.text"))
 * .chain("start", "a", "end").build()}. It knows only the JSON format, so each module turns the
 * result into what it needs (the engine reads it into its own model, the API tests send it).
 */
public final class WorkflowDesign {

    // lists, not array builders: a JSON builder empties itself on build(), and a design may be built twice
    private final List<JsonObject> nodes = new ArrayList<>();
    private final List<JsonObject> connections = new ArrayList<>();

    private WorkflowDesign() {}

    public static WorkflowDesign design() {
        return new WorkflowDesign();
    }

    /** A node named as its key. */
    public WorkflowDesign node(String key, String type, JsonObject... fields) {
        return node(key, key, type, fields);
    }

    public WorkflowDesign node(String key, Enum<?> type, JsonObject... fields) {
        return node(key, key, type.name(), fields);
    }

    public WorkflowDesign node(String key, String name, String type, JsonObject... fields) {
        JsonArrayBuilder designs = Json.createArrayBuilder();
        for (JsonObject field : fields) {
            designs.add(field);
        }
        nodes.add(Json.createObjectBuilder()
                .add("nodeKey", key)
                .add("name", name)
                .add("nodeType", type)
                .add("fieldDesigns", designs)
                .build());
        return this;
    }

    /** The Start node, keyed {@code start}, with these parameters ({@link #param}). */
    public WorkflowDesign start(JsonObject... parameters) {
        return node("start", "Start", "Start", parameters);
    }

    /** The End node, keyed {@code end}. */
    public WorkflowDesign end(JsonObject... fields) {
        return node("end", "End", "End", fields);
    }

    public WorkflowDesign connect(String from, String to) {
        connections.add(Json.createObjectBuilder()
                .add("sourceNodeKey", from)
                .add("targetNodeKey", to)
                .build());
        return this;
    }

    /** A labelled connection: a Condition's branch key, ForEach's {@code body}, {@code error}. */
    public WorkflowDesign connect(String from, String to, String label) {
        connections.add(Json.createObjectBuilder()
                .add("sourceNodeKey", from)
                .add("targetNodeKey", to)
                .add("label", label)
                .build());
        return this;
    }

    /** Connects each key to the next. */
    public WorkflowDesign chain(String... keys) {
        for (int i = 1; i < keys.length; i++) {
            connect(keys[i - 1], keys[i]);
        }
        return this;
    }

    public JsonObject build() {
        return Json.createObjectBuilder()
                .add("nodes", Json.createArrayBuilder(nodes))
                .add("connections", Json.createArrayBuilder(connections))
                .build();
    }

    /** The design, handed on: {@code .then(FunctionDesignReader::read)}, {@code .then(d -> publish(d))}. */
    public <T> T then(Function<JsonObject, T> next) {
        return next.apply(build());
    }

    /**
     * Start (an optional {@code name} parameter, default {@code world}) → one DataProcess node per
     * key, each rendering {@code "hello {{input.name}} from <key>"} as {@code text} → End, answering
     * the last node's text.
     */
    public static WorkflowDesign linear(String... keys) {
        WorkflowDesign design = design().start(param("name", "String", false, Json.createValue("world")));
        String previous = "start";
        for (String key : keys) {
            design.node(key, "DataProcess", template("text", "hello {{input.name}} from " + key))
                    .connect(previous, key);
            previous = key;
        }
        return design.end(variable("answer", previous + ".text")).connect(previous, "end");
    }

    // field designs

    public static JsonObject fixed(String name, JsonValue value) {
        return field(name, "Fixed", value);
    }

    public static JsonObject fixed(String name, String value) {
        return fixed(name, Json.createValue(value));
    }

    public static JsonObject fixed(String name, long value) {
        return fixed(name, Json.createValue(value));
    }

    public static JsonObject fixed(String name, boolean value) {
        return fixed(name, value ? JsonValue.TRUE : JsonValue.FALSE);
    }

    /** A reference to another node's output or the input: {@code node.field}, {@code input.x}. */
    public static JsonObject variable(String name, String path) {
        return field(name, "Variable", Json.createValue(path));
    }

    public static JsonObject jsonPath(String name, String path) {
        return field(name, "JsonPath", Json.createValue(path));
    }

    /** A string with {@code {{…}}} references. */
    public static JsonObject template(String name, String text) {
        return field(name, "StringInterpolation", Json.createValue(text));
    }

    /** A Start parameter. */
    public static JsonObject param(String name, String fieldType, boolean required) {
        return fixed(name, parameter(fieldType, required).build());
    }

    public static JsonObject param(String name, String fieldType, boolean required, JsonValue defaultValue) {
        return fixed(
                name,
                parameter(fieldType, required).add("default", defaultValue).build());
    }

    private static JsonObjectBuilder parameter(String fieldType, boolean required) {
        return Json.createObjectBuilder().add("fieldType", fieldType).add("isRequired", required);
    }

    private static JsonObject field(String name, String expressionType, JsonValue value) {
        return Json.createObjectBuilder()
                .add("fieldName", name)
                .add("expressionType", expressionType)
                .add("value", value)
                .build();
    }
}
