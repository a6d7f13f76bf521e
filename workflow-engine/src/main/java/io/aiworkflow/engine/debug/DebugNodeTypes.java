package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.definition.NodeType;

import java.util.Locale;
import java.util.Map;

/**
 * The platform's node types in the debug channel's lowercase vocabulary (NexusAI's), so its clients
 * pick the right icon and panel. Types without a counterpart take the nearest one; the table is in
 * docs/API.md.
 */
final class DebugNodeTypes {

    private static final Map<String, String> WIRE = Map.ofEntries(
            Map.entry(NodeType.Start.name(), "start"),
            Map.entry(NodeType.End.name(), "end"),
            Map.entry(NodeType.AiChat.name(), "llm"),
            Map.entry(NodeType.Wiki.name(), "retriever"),
            Map.entry(NodeType.Plugin.name(), "http_request"),
            Map.entry(NodeType.Condition.name(), "condition_branch"),
            // runs its body once per item; the iterations' nodes nest under it (parent_exec_id)
            Map.entry(NodeType.ForEach.name(), "recursive_task_execution"),
            Map.entry(NodeType.Fork.name(), "variable_aggregation"),
            Map.entry(NodeType.JavaScript.name(), "custom_code"),
            Map.entry(NodeType.DataProcess.name(), "template_conversion"),
            // a published workflow used as one step; its nodes nest under it
            Map.entry(NodeType.SubWorkflow.name(), "skill"));

    private DebugNodeTypes() {}

    static String wire(String nodeType) {
        return WIRE.getOrDefault(nodeType, nodeType == null ? "" : nodeType.toLowerCase(Locale.ROOT));
    }

    /** Nodes whose inner runs (loop iterations, a sub-workflow) nest under their own execution. */
    static boolean opensScope(String nodeType) {
        return NodeType.ForEach.name().equals(nodeType)
                || NodeType.SubWorkflow.name().equals(nodeType);
    }
}
