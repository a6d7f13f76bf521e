package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a FlowGram.AI workflow document ({@code {nodes, edges}}, as FlowGram's editor sends it
 * to its runtime) into the platform's function design. Node ids become node keys; each node's
 * {@code inputsValues} become field designs ({@code constant} → Fixed, {@code ref} → Variable,
 * {@code template} → StringInterpolation):
 * <ul>
 *   <li>{@code start} → Start, its {@code outputs} JSON schema giving the parameters;
 *   <li>{@code end} → End;
 *   <li>{@code llm} → AiChat: {@code modelName} names one of the team's models (the model's own URL
 *       and key are used; the document's {@code apiKey} and {@code apiHost} are ignored); its
 *       {@code result} output is AiChat's {@code answer};
 *   <li>{@code condition} → Condition with the same {@code conditions}; an edge's
 *       {@code sourcePortID} is the branch label;
 *   <li>{@code code} → JavaScript: FlowGram's {@code main({params})}, async or not, is called with
 *       the inputs as {@code params};
 *   <li>{@code loop} → ForEach over {@code loopFor}; its {@code blocks} are the body (what
 *       {@code block-start} leads to); with {@code loopOutputs} a DataProcess node
 *       {@code <loop id>_outputs} in place of {@code block-end} collects them, and a reference to a
 *       loop output reads that field of every iteration; loop locals ({@code <loop id>_locals})
 *       are the body's {@code loop.item} and {@code loop.index};
 *   <li>{@code comment} nodes are left out.
 * </ul>
 * Anything else (http, break, continue, expressions, global variables) is a problem naming the node.
 */
public final class FlowGramSchema {

    /** The translated design (null when there are problems) and every problem found. */
    public record Translation(JsonObject design, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private static final Pattern TEMPLATE_REF = Pattern.compile("\\{\\{\\s*([^.}\\s]+)\\.([^}\\s]*)\\s*}}");

    private final Function<String, Optional<Long>> modelIdByName;
    private final List<JsonObject> nodes = new ArrayList<>();
    private final List<JsonObject> connections = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** node id → FlowGram type, for every node at any depth */
    private final Map<String, String> types = new HashMap<>();
    /** loops with loopOutputs: their outputs' names */
    private final Map<String, Set<String>> loopOutputs = new HashMap<>();

    private FlowGramSchema(Function<String, Optional<Long>> modelIdByName) {
        this.modelIdByName = modelIdByName;
    }

    /** {@code modelIdByName}: the id of the team's model with this name, if there is one. */
    public static Translation translate(JsonObject schema, Function<String, Optional<Long>> modelIdByName) {
        FlowGramSchema t = new FlowGramSchema(modelIdByName);
        JsonArray nodes = array(schema, "nodes");
        JsonArray edges = array(schema, "edges");
        if (nodes == null || edges == null) {
            return new Translation(null, List.of("the schema needs 'nodes' and 'edges' arrays"));
        }
        t.collectTypes(nodes);
        t.translateNodes(nodes);
        t.translateEdges(edges);
        if (!t.problems.isEmpty()) {
            return new Translation(null, List.copyOf(t.problems));
        }
        JsonArrayBuilder n = Jsons.array();
        t.nodes.forEach(n::add);
        JsonArrayBuilder c = Jsons.array();
        t.connections.forEach(c::add);
        return new Translation(
                Jsons.object().add("nodes", n).add("connections", c).build(), List.of());
    }

    private void collectTypes(JsonArray list) {
        for (JsonValue value : list) {
            if (value instanceof JsonObject node && node.get("id") instanceof JsonString id) {
                String type = node.getString("type", "");
                types.put(id.getString(), type);
                if ("loop".equals(type) && data(node).get("loopOutputs") instanceof JsonObject outputs) {
                    loopOutputs.put(id.getString(), outputs.keySet());
                }
                JsonArray blocks = array(node, "blocks");
                if (blocks != null) {
                    collectTypes(blocks);
                }
            }
        }
    }

    private void translateNodes(JsonArray list) {
        for (JsonValue value : list) {
            if (!(value instanceof JsonObject node) || !(node.get("id") instanceof JsonString id)) {
                problems.add("every node needs an 'id'");
                continue;
            }
            translateNode(id.getString(), node);
        }
    }

    private void translateNode(String id, JsonObject node) {
        JsonObject data = data(node);
        String type = node.getString("type", "");
        String name = data.getString("title", id);
        switch (type) {
            case "start" -> add(id, name, "Start", startParameters(id, data));
            case "end" -> add(id, name, "End", inputs(id, data));
            case "llm" -> add(id, name, "AiChat", llmFields(id, data));
            case "condition" -> {
                List<JsonObject> fields = new ArrayList<>();
                fields.add(fixed("conditions", rewriteConditions(id, data.get("conditions"))));
                add(id, name, "Condition", fields);
            }
            case "code" -> {
                List<JsonObject> fields = inputs(id, data);
                fields.add(fixed("code", Jsons.string(script(id, data))));
                add(id, name, "JavaScript", fields);
            }
            case "loop" -> translateLoop(id, name, node, data);
            case "comment" -> {
                // a note on the canvas: nothing runs
            }
            default ->
                problems.add("node '" + id + "': FlowGram's '" + type + "' node has no counterpart on the platform");
        }
    }

    private void translateLoop(String id, String name, JsonObject node, JsonObject data) {
        List<JsonObject> fields = new ArrayList<>();
        JsonObject items = value(id, "items", data.get("loopFor"));
        if (items == null) {
            problems.add("node '" + id + "': the loop needs 'loopFor'");
        } else {
            fields.add(items);
        }
        add(id, name, "ForEach", fields);
        JsonArray blocks = array(node, "blocks");
        JsonArray edges = array(node, "edges");
        if (blocks == null || edges == null) {
            problems.add("node '" + id + "': the loop needs 'blocks' and 'edges'");
            return;
        }
        String blockStart = null;
        String blockEnd = null;
        List<JsonObject> inner = new ArrayList<>();
        for (JsonValue value : blocks) {
            if (value instanceof JsonObject block && block.get("id") instanceof JsonString blockId) {
                switch (block.getString("type", "")) {
                    case "block-start" -> blockStart = blockId.getString();
                    case "block-end" -> blockEnd = blockId.getString();
                    default -> inner.add(block);
                }
            }
        }
        if (blockStart == null || blockEnd == null) {
            problems.add("node '" + id + "': the loop's blocks need a block-start and a block-end");
            return;
        }
        JsonArrayBuilder body = Jsons.array();
        inner.forEach(body::add);
        translateNodes(body.build());
        String collector = null;
        if (data.get("loopOutputs") instanceof JsonObject outputs && !outputs.isEmpty()) {
            collector = id + "_outputs";
            List<JsonObject> collected = new ArrayList<>();
            for (Map.Entry<String, JsonValue> output : outputs.entrySet()) {
                JsonObject field = value(id, output.getKey(), output.getValue());
                if (field != null) {
                    collected.add(field);
                }
            }
            add(collector, name + " outputs", "DataProcess", collected);
        }
        for (JsonValue value : edges) {
            if (!(value instanceof JsonObject edge)) {
                continue;
            }
            String from = edge.getString("sourceNodeID", "");
            String to = edge.getString("targetNodeID", "");
            if (from.equals(blockStart)) {
                if (!to.equals(blockEnd)) {
                    connect(id, to, WorkflowValidator.BODY);
                } else if (collector != null) {
                    connect(id, collector, WorkflowValidator.BODY);
                }
            } else if (to.equals(blockEnd)) {
                if (collector != null) {
                    connect(from, collector, label(edge));
                }
            } else {
                connect(from, to, label(edge));
            }
        }
    }

    private void translateEdges(JsonArray edges) {
        for (JsonValue value : edges) {
            if (!(value instanceof JsonObject edge)
                    || !(edge.get("sourceNodeID") instanceof JsonString from)
                    || !(edge.get("targetNodeID") instanceof JsonString to)) {
                problems.add("every edge needs 'sourceNodeID' and 'targetNodeID'");
                continue;
            }
            for (String end : List.of(from.getString(), to.getString())) {
                if (!types.containsKey(end)) {
                    problems.add("an edge refers to the unknown node '" + end + "'");
                }
            }
            connect(from.getString(), to.getString(), label(edge));
        }
    }

    /** A condition's port is its branch; other ports carry no meaning here. */
    private String label(JsonObject edge) {
        String from = edge.getString("sourceNodeID", "");
        if ("condition".equals(types.get(from)) && edge.get("sourcePortID") instanceof JsonString port) {
            return port.getString();
        }
        return null;
    }

    private List<JsonObject> startParameters(String id, JsonObject data) {
        List<JsonObject> fields = new ArrayList<>();
        JsonObject outputs = data.get("outputs") instanceof JsonObject o ? o : Jsons.EMPTY_OBJECT;
        JsonObject properties = outputs.get("properties") instanceof JsonObject p ? p : Jsons.EMPTY_OBJECT;
        Set<String> required = new HashSet<>();
        if (outputs.get("required") instanceof JsonArray list) {
            list.forEach(v -> required.add(Jsons.text(v)));
        }
        for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
            JsonObject schema = property.getValue() instanceof JsonObject s ? s : Jsons.EMPTY_OBJECT;
            JsonObjectBuilder parameter = Jsons.object()
                    .add("fieldType", fieldType(schema.getString("type", "")))
                    .add("isRequired", required.contains(property.getKey()));
            if (schema.containsKey("default")) {
                parameter.add("default", schema.get("default"));
            }
            if (schema.get("description") instanceof JsonString description) {
                parameter.add("description", description);
            }
            fields.add(fixed(property.getKey(), parameter.build()));
        }
        return fields;
    }

    private static String fieldType(String jsonSchemaType) {
        return switch (jsonSchemaType) {
            case "string" -> "String";
            case "number", "integer" -> "Number";
            case "boolean" -> "Boolean";
            case "object" -> "Object";
            case "array" -> "Array";
            default -> "Dynamic";
        };
    }

    private List<JsonObject> llmFields(String id, JsonObject data) {
        JsonObject values = inputsValues(data);
        List<JsonObject> fields = new ArrayList<>();
        JsonValue model = values.get("modelName");
        if (!(model instanceof JsonObject m) || !"constant".equals(m.getString("type", ""))) {
            problems.add("node '" + id + "': 'modelName' must be a constant naming one of the team's models");
        } else {
            String modelName = Jsons.text(m.get("content"));
            Optional<Long> modelId = modelIdByName.apply(modelName);
            if (modelId.isEmpty()) {
                problems.add("node '" + id + "': the team has no model named '" + modelName + "'");
            } else {
                fields.add(fixed("modelId", Jsons.number(modelId.get())));
            }
        }
        for (String input : List.of("prompt", "systemPrompt", "temperature")) {
            JsonObject field = value(id, input, values.get(input));
            if (field != null) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** FlowGram calls {@code main({params})}, the platform {@code main(input)}: the user's code keeps its own scope. */
    private String script(String id, JsonObject data) {
        JsonObject script = data.get("script") instanceof JsonObject s ? s : Jsons.EMPTY_OBJECT;
        String language = script.getString("language", "javascript");
        if (!language.equalsIgnoreCase("javascript") && !language.equalsIgnoreCase("typescript")) {
            problems.add("node '" + id + "': code in '" + language + "' cannot run here (JavaScript only)");
        }
        String content = script.getString("content", "");
        return "const flowgramMain = (function () {\n" + content + "\n;return main;\n})();\n"
                + "function main(input) {\n  return flowgramMain({ params: input });\n}\n";
    }

    private List<JsonObject> inputs(String id, JsonObject data) {
        List<JsonObject> fields = new ArrayList<>();
        for (Map.Entry<String, JsonValue> input : inputsValues(data).entrySet()) {
            JsonObject field = value(id, input.getKey(), input.getValue());
            if (field != null) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** One FlowGram value as a field design; null (and a problem where it matters) when it has none. */
    private JsonObject value(String id, String field, JsonValue value) {
        if (!(value instanceof JsonObject v)) {
            return null;
        }
        JsonValue content = v.getOrDefault("content", JsonValue.NULL);
        return switch (v.getString("type", "")) {
            case "constant" -> fixed(field, content);
            case "ref" -> reference(id, field, content);
            case "template" -> field(field, "StringInterpolation", Jsons.string(template(Jsons.text(content))));
            default -> {
                problems.add("node '" + id + "': the value of '" + field + "' is a FlowGram '" + v.getString("type", "")
                        + "', which cannot run here");
                yield null;
            }
        };
    }

    private JsonObject reference(String id, String field, JsonValue content) {
        List<String> path = path(content);
        if (path.isEmpty()) {
            return null;
        }
        String root = path.get(0);
        if (root.equals("global")) {
            problems.add("node '" + id + "': '" + field + "' refers to a global variable, which cannot run here");
            return null;
        }
        if (loopOutputs.containsKey(root) && path.size() > 1) {
            // every iteration's value of that output
            StringBuilder jsonPath = new StringBuilder("$['" + root + "'].results[*]");
            for (String part : path.subList(1, path.size())) {
                jsonPath.append("['").append(part.replace("'", "\\'")).append("']");
            }
            return field(field, "JsonPath", Jsons.string(jsonPath.toString()));
        }
        return field(field, "Variable", Jsons.string(String.join(".", rewrite(path))));
    }

    /** Loop locals are the body's {@code loop}; an LLM's {@code result} is AiChat's {@code answer}. */
    private List<String> rewrite(List<String> path) {
        List<String> parts = new ArrayList<>(path);
        String root = parts.get(0);
        if (root.endsWith("_locals") && "loop".equals(types.get(root.substring(0, root.length() - 7)))) {
            parts.set(0, "loop");
        } else if ("llm".equals(types.get(root))
                && parts.size() > 1
                && parts.get(1).equals("result")) {
            parts.set(1, "answer");
        }
        return parts;
    }

    private String template(String text) {
        Matcher m = TEMPLATE_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> path = new ArrayList<>();
            path.add(m.group(1));
            path.addAll(List.of(m.group(2).split("\\.")));
            m.appendReplacement(out, Matcher.quoteReplacement("{{" + String.join(".", rewrite(path)) + "}}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The conditions as the Condition node reads them, with their references rewritten as above. */
    private JsonValue rewriteConditions(String id, JsonValue conditions) {
        if (!(conditions instanceof JsonArray list)) {
            problems.add("node '" + id + "': the condition needs 'conditions'");
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        JsonArrayBuilder out = Jsons.array();
        for (JsonValue item : list) {
            if (!(item instanceof JsonObject condition) || !(condition.get("value") instanceof JsonObject value)) {
                out.add(item);
                continue;
            }
            JsonObjectBuilder v = Jsons.object(value);
            for (String side : List.of("left", "right")) {
                if (value.get(side) instanceof JsonObject operand && "ref".equals(operand.getString("type", ""))) {
                    JsonArrayBuilder parts = Jsons.array();
                    List<String> path = path(operand.get("content"));
                    if (!path.isEmpty()) {
                        rewrite(path).forEach(parts::add);
                    }
                    v.add(side, Jsons.object(operand).add("content", parts));
                }
            }
            out.add(Jsons.object(condition).add("value", v));
        }
        return out.build();
    }

    private static List<String> path(JsonValue content) {
        List<String> path = new ArrayList<>();
        if (content instanceof JsonArray parts) {
            parts.forEach(p -> path.add(Jsons.text(p)));
        }
        return path;
    }

    private void add(String key, String name, String type, List<JsonObject> fields) {
        JsonArrayBuilder designs = Jsons.array();
        fields.forEach(designs::add);
        nodes.add(Jsons.object()
                .add("nodeKey", key)
                .add("name", name)
                .add("nodeType", type)
                .add("fieldDesigns", designs)
                .build());
    }

    private void connect(String from, String to, String label) {
        JsonObjectBuilder c = Jsons.object().add("sourceNodeKey", from).add("targetNodeKey", to);
        if (label != null) {
            c.add("label", label);
        }
        connections.add(c.build());
    }

    private static JsonObject fixed(String name, JsonValue value) {
        return field(name, "Fixed", value);
    }

    private static JsonObject field(String name, String expressionType, JsonValue value) {
        return Jsons.object()
                .add("fieldName", name)
                .add("expressionType", expressionType)
                .add("value", value)
                .build();
    }

    private static JsonObject data(JsonObject node) {
        return node.get("data") instanceof JsonObject d ? d : Jsons.EMPTY_OBJECT;
    }

    private static JsonObject inputsValues(JsonObject data) {
        return data.get("inputsValues") instanceof JsonObject v ? v : Jsons.EMPTY_OBJECT;
    }

    private static JsonArray array(JsonObject o, String field) {
        return o.get(field) instanceof JsonArray a ? a : null;
    }
}
