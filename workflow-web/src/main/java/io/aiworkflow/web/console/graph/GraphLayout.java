package io.aiworkflow.web.console.graph;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places nodes in columns (layers) by their longest path from the sources, Start first, so every
 * forward connection points right; within a column, nodes follow the average row of their
 * predecessors, which keeps simple designs free of crossings. Drafts may be broken (cycles,
 * unknown targets): such nodes still get a place rather than disappearing.
 */
public final class GraphLayout {

    /** A node's column and row. */
    public record Slot(NodeDesign node, int layer, int row) {}

    private GraphLayout() {}

    public static Map<String, Slot> layout(FunctionDesign design) {
        Map<String, NodeDesign> nodes = new LinkedHashMap<>();
        design.nodes().forEach(n -> nodes.putIfAbsent(n.nodeKey(), n));
        Map<String, Integer> layer = layers(design, nodes);

        List<List<String>> columns = new ArrayList<>();
        nodes.keySet().forEach(key -> {
            int l = layer.get(key);
            while (columns.size() <= l) {
                columns.add(new ArrayList<>());
            }
            columns.get(l).add(key);
        });
        Map<String, Integer> row = new HashMap<>();
        for (List<String> column : columns) {
            Map<String, Double> weight = new HashMap<>();
            for (int i = 0; i < column.size(); i++) {
                String key = column.get(i);
                double fallback = i;
                weight.put(
                        key,
                        design.incoming(key).stream()
                                .map(Connection::sourceNodeKey)
                                .filter(row::containsKey)
                                .mapToInt(row::get)
                                .average()
                                .orElse(fallback));
            }
            column.sort(Comparator.comparingDouble(weight::get));
            for (int i = 0; i < column.size(); i++) {
                row.put(column.get(i), i);
            }
        }
        Map<String, Slot> slots = new LinkedHashMap<>();
        nodes.forEach((key, node) -> slots.put(key, new Slot(node, layer.get(key), row.get(key))));
        return slots;
    }

    /** Longest path over a topological order (Kahn); nodes on a cycle go one column past the rest. */
    private static Map<String, Integer> layers(FunctionDesign design, Map<String, NodeDesign> nodes) {
        Map<String, Integer> indegree = new HashMap<>();
        nodes.keySet().forEach(k -> indegree.put(k, 0));
        List<Connection> edges = design.connections().stream()
                .filter(c -> nodes.containsKey(c.sourceNodeKey()) && nodes.containsKey(c.targetNodeKey()))
                .toList();
        edges.forEach(c -> indegree.merge(c.targetNodeKey(), 1, Integer::sum));

        Deque<String> ready = new ArrayDeque<>();
        nodes.values().stream()
                .filter(n -> n.type() == NodeType.Start && indegree.get(n.nodeKey()) == 0)
                .forEach(n -> ready.add(n.nodeKey()));
        nodes.keySet().stream()
                .filter(k -> indegree.get(k) == 0 && !ready.contains(k))
                .forEach(ready::add);

        Map<String, Integer> layer = new HashMap<>();
        ready.forEach(k -> layer.put(k, 0));
        while (!ready.isEmpty()) {
            String key = ready.poll();
            for (Connection c : edges) {
                if (c.sourceNodeKey().equals(key)) {
                    String target = c.targetNodeKey();
                    layer.merge(target, layer.get(key) + 1, Math::max);
                    if (indegree.merge(target, -1, Integer::sum) == 0) {
                        ready.add(target);
                    }
                }
            }
        }
        int past = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        nodes.keySet().forEach(k -> {
            if (indegree.get(k) > 0) {
                layer.put(k, past);
            }
        });
        return layer;
    }
}
