package io.aiworkflow.engine.nodedefine;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.registry.ModelRegistry.ModelView;
import io.aiworkflow.engine.registry.PluginRegistry;
import io.aiworkflow.engine.registry.PluginRegistry.PluginView;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.wiki.WikiRegistry;
import io.aiworkflow.engine.wiki.WikiRegistry.WikiView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.aiworkflow.engine.nodedefine.FieldDefine.optional;
import static io.aiworkflow.engine.nodedefine.FieldDefine.required;

/**
 * Node definitions for the designer (the REST API's node definition system). Plugin, AiChat and
 * Wiki definitions for a registry entry name it (a plugin adds its own input fields); unknown ids
 * are {@code *_NOT_FOUND}.
 */
@ApplicationScoped
public class NodeDefineCatalog {

    @Inject
    private PluginRegistry plugins;

    @Inject
    private ModelRegistry models;

    @Inject
    private WikiRegistry wikis;

    public static final int MAX_BATCH = 50;

    private static final List<FieldDefine> COMMON = List.of(
            optional("timeoutMs", "Number", "time limit of one run of this node, in milliseconds"),
            optional("retry", "Object", "{count, backoffMs}: retries after a failure"),
            optional(
                    "onError",
                    "String",
                    "fail (default), continue (with defaultOutput) or branch (to the 'error' connection)"),
            optional("needHumanConfirm", "Boolean", "pause the run before this node until a person confirms"));

    private record Shape(
            String name,
            String description,
            List<FieldDefine> inputs,
            List<FieldDefine> outputs,
            boolean streaming,
            String icon,
            String color) {}

    private static final Map<NodeType, Shape> SHAPES = Map.ofEntries(
            Map.entry(
                    NodeType.Start,
                    new Shape(
                            "Start",
                            "Entry of the workflow; declares its parameters",
                            List.of(optional(
                                    "<parameter>",
                                    "Object",
                                    "one field per parameter: {fieldType, isRequired, default?, description?}")),
                            List.of(required("parameters", "Object", "all parameters of the run")),
                            false,
                            "play-circle",
                            "#52c41a")),
            Map.entry(
                    NodeType.End,
                    new Shape(
                            "End",
                            "Exit of the workflow; its fields are the result",
                            List.of(
                                    optional("<field>", "Dynamic", "one field per result key"),
                                    optional(
                                            "responseTemplate",
                                            "String",
                                            "text with {{field}} holes, rendered as 'output'")),
                            List.of(optional("output", "String", "the rendered responseTemplate")),
                            false,
                            "stop-circle",
                            "#ff4d4f")),
            Map.entry(
                    NodeType.AiChat,
                    new Shape(
                            "AI chat",
                            "Calls a large language model",
                            List.of(
                                    required("modelId", "Number", "the model from the registry"),
                                    optional("systemPrompt", "String", "system message"),
                                    required("prompt", "String", "user message"),
                                    optional("temperature", "Number", "sampling temperature"),
                                    optional("maxTokens", "Number", "answer length limit"),
                                    optional("stream", "Boolean", "stream the answer as node_stream events")),
                            List.of(
                                    required("answer", "String", "the model's answer"),
                                    required("usage", "Object", "{promptTokens, completionTokens, totalTokens}")),
                            true,
                            "robot",
                            "#722ed1")),
            Map.entry(
                    NodeType.Wiki,
                    new Shape(
                            "Knowledge base",
                            "Searches a knowledge base",
                            List.of(
                                    required("wikiId", "Number", "the knowledge base"),
                                    required("query", "String", "what to search for"),
                                    optional("topK", "Number", "how many chunks (default 5)"),
                                    optional("minScore", "Number", "lowest similarity kept (default 0)")),
                            List.of(required("documents", "Array", "[{text, score, documentId, title, chunkIndex}]")),
                            false,
                            "book",
                            "#13c2c2")),
            Map.entry(
                    NodeType.Plugin,
                    new Shape(
                            "Plugin",
                            "Calls an HTTP plugin",
                            List.of(required("pluginId", "Number", "the plugin from the registry")),
                            List.of(
                                    required("result", "Dynamic", "the plugin's answer (JSON or text)"),
                                    required("status", "Number", "HTTP status")),
                            false,
                            "api",
                            "#1890ff")),
            Map.entry(
                    NodeType.Condition,
                    new Shape(
                            "Condition",
                            "Takes the branch of the first matching condition",
                            List.of(required("conditions", "Array", "[{key, value:{left, operator, right}}]")),
                            List.of(required("branch", "String", "the key of the matching condition, or 'else'")),
                            false,
                            "branches",
                            "#fa8c16")),
            Map.entry(
                    NodeType.ForEach,
                    new Shape(
                            "For each",
                            "Runs the 'body' connection once per item",
                            List.of(
                                    required("items", "Array", "what to iterate over"),
                                    optional("parallelism", "Number", "iterations at once (1-16, default 1)")),
                            List.of(required("results", "Array", "per item, the output of the body's last node")),
                            false,
                            "sync",
                            "#eb2f96")),
            Map.entry(
                    NodeType.Fork,
                    new Shape(
                            "Fork",
                            "Runs every outgoing connection in parallel",
                            List.of(),
                            List.of(),
                            false,
                            "fork",
                            "#2f54eb")),
            Map.entry(
                    NodeType.JavaScript,
                    new Shape(
                            "JavaScript",
                            "Runs sandboxed JavaScript: function main(input)",
                            List.of(
                                    required("code", "String", "defines function main(input)"),
                                    optional("<field>", "Dynamic", "each other field is a key of input")),
                            List.of(optional("<field>", "Dynamic", "what main returns")),
                            false,
                            "code",
                            "#faad14")),
            Map.entry(
                    NodeType.DataProcess,
                    new Shape(
                            "Data process",
                            "Builds an object from expressions",
                            List.of(optional("<field>", "Dynamic", "each field becomes an output field")),
                            List.of(optional("<field>", "Dynamic", "the evaluated fields")),
                            false,
                            "function",
                            "#08979c")),
            Map.entry(
                    NodeType.SubWorkflow,
                    new Shape(
                            "Sub-workflow",
                            "Runs another published workflow",
                            List.of(
                                    required("appId", "String", "a published workflow app"),
                                    optional("<parameter>", "Dynamic", "its parameters")),
                            List.of(optional("<field>", "Dynamic", "the sub-workflow's result")),
                            false,
                            "apartment",
                            "#597ef7")));

    /** The colour the designer and the console draw a node type in; grey for an unknown type. */
    public static String colorOf(NodeType type) {
        Shape shape = type == null ? null : SHAPES.get(type);
        return shape == null ? "#8c8c8c" : shape.color();
    }

    public NodeDefine define(Caller caller, NodeDefineRequest request) {
        NodeType type = NodeType.parse(request.nodeType())
                .orElseThrow(() -> new WorkflowException(
                        ErrorCode.VALIDATION_ERROR,
                        "unknown nodeType '" + request.nodeType() + "'",
                        Map.of("field", "nodeType")));
        Shape shape = SHAPES.get(type);
        if (type == NodeType.Plugin && request.pluginId() == null) {
            throw WorkflowException.validation("pluginId", "is required for Plugin nodes");
        }
        List<FieldDefine> inputs = new ArrayList<>(shape.inputs());
        String description = shape.description();
        Long pluginId = null;
        String pluginName = null;
        Long modelId = null;
        String modelName = null;
        Long wikiId = null;
        String wikiName = null;
        if (type == NodeType.Plugin) {
            PluginView plugin = plugins.get(caller, request.pluginId());
            pluginId = plugin.pluginId();
            pluginName = plugin.name();
            description = "Calls the plugin: " + plugin.name();
            for (var field : PluginRegistry.inputFields(
                    plugin.inputFields() == null ? null : plugin.inputFields().toString())) {
                inputs.add(new FieldDefine(field.name(), field.fieldType(), field.required(), field.description()));
            }
        }
        if (type == NodeType.AiChat && request.modelId() != null) {
            ModelView model = models.get(caller, request.modelId());
            modelId = model.modelId();
            modelName = model.name();
        }
        if (type == NodeType.Wiki && request.wikiId() != null) {
            WikiView wiki = wikis.get(caller, request.wikiId());
            wikiId = wiki.wikiId();
            wikiName = wiki.name();
        }
        return define(type, description, inputs, pluginId, pluginName, modelId, modelName, wikiId, wikiName);
    }

    /**
     * Every node type as the console's graph editor offers it: its own fields and the common ones,
     * naming no registry entry (a Plugin node's plugin fields come once a plugin is chosen).
     */
    public List<NodeDefine> palette() {
        List<NodeDefine> all = new ArrayList<>();
        for (NodeType type : NodeType.values()) {
            Shape shape = SHAPES.get(type);
            if (shape != null) {
                all.add(define(
                        type,
                        shape.description(),
                        new ArrayList<>(shape.inputs()),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
            }
        }
        return List.copyOf(all);
    }

    private static NodeDefine define(
            NodeType type,
            String description,
            List<FieldDefine> inputs,
            Long pluginId,
            String pluginName,
            Long modelId,
            String modelName,
            Long wikiId,
            String wikiName) {
        Shape shape = SHAPES.get(type);
        if (type != NodeType.Start && type != NodeType.End) {
            inputs.addAll(COMMON);
        }
        return new NodeDefine(
                type.name(),
                shape.name(),
                description,
                pluginId,
                pluginName,
                modelId,
                modelName,
                wikiId,
                wikiName,
                List.copyOf(inputs),
                shape.outputs(),
                shape.streaming(),
                shape.icon(),
                shape.color());
    }
}
