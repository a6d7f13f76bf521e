package io.aiworkflow.engine.support;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;

import java.util.ArrayList;
import java.util.List;

/** Builds a FunctionDesign in code: {@code design().node("a", DataProcess, …).chain("start","a","end").build()}. */
public final class DesignBuilder {

    private final List<NodeDesign> nodes = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    public static DesignBuilder design() {
        return new DesignBuilder();
    }

    public DesignBuilder node(String key, NodeType type, FieldDesign... fields) {
        nodes.add(new NodeDesign(key, key.toUpperCase(), null, type.name(), List.of(fields)));
        return this;
    }

    public DesignBuilder start(FieldDesign... parameters) {
        return node("start", NodeType.Start, parameters);
    }

    public DesignBuilder end(FieldDesign... fields) {
        return node("end", NodeType.End, fields);
    }

    public DesignBuilder edge(String from, String to) {
        connections.add(new Connection(from, to, null));
        return this;
    }

    public DesignBuilder edge(String from, String to, String label) {
        connections.add(new Connection(from, to, label));
        return this;
    }

    public DesignBuilder chain(String... keys) {
        for (int i = 0; i + 1 < keys.length; i++) {
            edge(keys[i], keys[i + 1]);
        }
        return this;
    }

    public FunctionDesign build() {
        return new FunctionDesign(nodes, connections);
    }
}
