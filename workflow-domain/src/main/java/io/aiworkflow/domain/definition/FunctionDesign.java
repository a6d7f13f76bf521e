package io.aiworkflow.domain.definition;

import java.util.List;
import java.util.Optional;

/** The executable part of a workflow: nodes and the connections between them. */
public record FunctionDesign(List<NodeDesign> nodes, List<Connection> connections) {

    public FunctionDesign {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        connections = connections == null ? List.of() : List.copyOf(connections);
    }

    public Optional<NodeDesign> node(String nodeKey) {
        return nodes.stream().filter(n -> n.nodeKey().equals(nodeKey)).findFirst();
    }

    public List<NodeDesign> nodesOfType(NodeType type) {
        return nodes.stream().filter(n -> n.type() == type).toList();
    }

    public List<Connection> outgoing(String nodeKey) {
        return connections.stream()
                .filter(c -> c.sourceNodeKey().equals(nodeKey))
                .toList();
    }

    public List<Connection> incoming(String nodeKey) {
        return connections.stream()
                .filter(c -> c.targetNodeKey().equals(nodeKey))
                .toList();
    }
}
