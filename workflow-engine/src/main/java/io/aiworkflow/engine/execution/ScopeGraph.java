package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.definition.WorkflowValidator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a design one agenda runs: a workflow without its loop bodies, or one ForEach's own
 * body (without the bodies of loops nested in it). A ForEach's {@code body} connections are not
 * edges of any graph: the loop node itself drives its body.
 */
final class ScopeGraph {

    final FunctionDesign design;
    final List<NodeDesign> nodes;
    final List<String> entries;
    private final Map<String, List<Connection>> outgoing = new HashMap<>();
    private final Map<String, Integer> incoming = new HashMap<>();

    private ScopeGraph(FunctionDesign design, Set<String> keys, List<String> entries) {
        this.design = design;
        this.nodes =
                design.nodes().stream().filter(n -> keys.contains(n.nodeKey())).toList();
        this.entries = List.copyOf(entries);
        for (Connection c : design.connections()) {
            if (keys.contains(c.sourceNodeKey()) && keys.contains(c.targetNodeKey()) && !isBody(design, c)) {
                outgoing.computeIfAbsent(c.sourceNodeKey(), k -> new ArrayList<>())
                        .add(c);
                if (!entries.contains(c.targetNodeKey())) {
                    incoming.merge(c.targetNodeKey(), 1, Integer::sum);
                }
            }
        }
    }

    /** A whole workflow (top level or sub-workflow): every node outside loop bodies, entered at Start. */
    static ScopeGraph workflow(FunctionDesign design) {
        Set<String> keys = new LinkedHashSet<>();
        design.nodes().forEach(n -> keys.add(n.nodeKey()));
        for (NodeDesign loop : design.nodesOfType(NodeType.ForEach)) {
            keys.removeAll(body(design, loop.nodeKey()));
        }
        List<String> entries = design.nodesOfType(NodeType.Start).stream()
                .map(NodeDesign::nodeKey)
                .toList();
        return new ScopeGraph(design, keys, entries);
    }

    /** The body of one ForEach node, entered at the targets of its {@code body} connections. */
    static ScopeGraph loopBody(FunctionDesign design, String loopKey) {
        Set<String> keys = body(design, loopKey);
        for (String key : Set.copyOf(keys)) {
            if (design.node(key).map(n -> n.type() == NodeType.ForEach).orElse(false)) {
                keys.removeAll(body(design, key));
            }
        }
        List<String> entries = design.outgoing(loopKey).stream()
                .filter(c -> c.hasLabel(WorkflowValidator.BODY))
                .map(Connection::targetNodeKey)
                .filter(keys::contains)
                .distinct()
                .toList();
        return new ScopeGraph(design, keys, entries);
    }

    /** Everything reachable from a loop's body connections (nested bodies included). */
    private static Set<String> body(FunctionDesign design, String loopKey) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        design.outgoing(loopKey).stream()
                .filter(c -> c.hasLabel(WorkflowValidator.BODY))
                .forEach(c -> todo.add(c.targetNodeKey()));
        while (!todo.isEmpty()) {
            String key = todo.pop();
            if (!key.equals(loopKey) && seen.add(key)) {
                design.outgoing(key).forEach(c -> todo.add(c.targetNodeKey()));
            }
        }
        return seen;
    }

    private static boolean isBody(FunctionDesign design, Connection c) {
        return c.hasLabel(WorkflowValidator.BODY)
                && design.node(c.sourceNodeKey())
                        .map(n -> n.type() == NodeType.ForEach)
                        .orElse(false);
    }

    List<Connection> outgoing(String nodeKey) {
        return outgoing.getOrDefault(nodeKey, List.of());
    }

    int incomingCount(String nodeKey) {
        return incoming.getOrDefault(nodeKey, 0);
    }

    /** Nodes with no outgoing connection in this graph: a loop body's last nodes. */
    List<String> terminals() {
        List<String> result = new ArrayList<>();
        for (NodeDesign node : nodes) {
            if (outgoing(node.nodeKey()).isEmpty()) {
                result.add(node.nodeKey());
            }
        }
        return result;
    }

    NodeDesign end() {
        return nodes.stream().filter(n -> n.type() == NodeType.End).findFirst().orElse(null);
    }
}
