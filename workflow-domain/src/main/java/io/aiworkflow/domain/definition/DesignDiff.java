package io.aiworkflow.domain.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed from one design to another: nodes added and removed (by node key), nodes whose type,
 * name, fields or settings changed (each with the old and new field design), and connections added
 * and removed. Field designs are compared whole (expression type and value).
 */
public record DesignDiff(
        List<String> added,
        List<String> removed,
        List<ChangedNode> changed,
        List<Connection> connectionsAdded,
        List<Connection> connectionsRemoved) {

    /** {@code type} and {@code name} are set only when they changed. */
    public record ChangedNode(
            String nodeKey, Change type, Change name, List<FieldChange> fields, List<FieldChange> settings) {}

    public record Change(String from, String to) {}

    /** {@code from} or {@code to} is null when the field is absent on that side. */
    public record FieldChange(String fieldName, FieldDesign from, FieldDesign to) {}

    public boolean isEmpty() {
        return added.isEmpty()
                && removed.isEmpty()
                && changed.isEmpty()
                && connectionsAdded.isEmpty()
                && connectionsRemoved.isEmpty();
    }

    public static DesignDiff between(FunctionDesign from, FunctionDesign to) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<ChangedNode> changed = new ArrayList<>();
        for (NodeDesign node : to.nodes()) {
            NodeDesign before = from.node(node.nodeKey()).orElse(null);
            if (before == null) {
                added.add(node.nodeKey());
            } else if (!before.equals(node)) {
                changed.add(changes(before, node));
            }
        }
        for (NodeDesign node : from.nodes()) {
            if (to.node(node.nodeKey()).isEmpty()) {
                removed.add(node.nodeKey());
            }
        }
        Set<Connection> before = Set.copyOf(from.connections());
        Set<Connection> after = Set.copyOf(to.connections());
        return new DesignDiff(
                added,
                removed,
                changed,
                to.connections().stream().filter(c -> !before.contains(c)).toList(),
                from.connections().stream().filter(c -> !after.contains(c)).toList());
    }

    private static ChangedNode changes(NodeDesign from, NodeDesign to) {
        Map<String, FieldDesign> before = byName(from);
        Map<String, FieldDesign> after = byName(to);
        List<FieldChange> fields = new ArrayList<>();
        List<FieldChange> settings = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            FieldDesign a = before.get(name);
            FieldDesign b = after.get(name);
            if (!Objects.equals(a, b)) {
                (NodeDesign.isSetting(name) ? settings : fields).add(new FieldChange(name, a, b));
            }
        }
        return new ChangedNode(
                to.nodeKey(),
                Objects.equals(from.nodeType(), to.nodeType()) ? null : new Change(from.nodeType(), to.nodeType()),
                Objects.equals(from.displayName(), to.displayName())
                        ? null
                        : new Change(from.displayName(), to.displayName()),
                fields,
                settings);
    }

    private static Map<String, FieldDesign> byName(NodeDesign node) {
        Map<String, FieldDesign> fields = new LinkedHashMap<>();
        node.fieldDesigns().forEach(f -> fields.put(f.fieldName(), f));
        return fields;
    }
}
