package io.aiworkflow.engine.node;

import io.aiworkflow.domain.definition.NodeType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the behaviour of a node type. Built from every {@link NodeBehavior} there is (in the
 * container: {@code @Inject Instance<NodeBehavior>}); adding a node type is adding one behaviour.
 */
public class NodeTypeRegistry {

    private final Map<NodeType, NodeBehavior> behaviors = new EnumMap<>(NodeType.class);

    public NodeTypeRegistry(Iterable<? extends NodeBehavior> all) {
        for (NodeBehavior behavior : all) {
            NodeBehavior previous = behaviors.put(behavior.type(), behavior);
            if (previous != null) {
                throw new IllegalStateException("two behaviours for node type " + behavior.type() + ": "
                        + previous.getClass().getName() + " and "
                        + behavior.getClass().getName());
            }
        }
    }

    public Optional<NodeBehavior> find(NodeType type) {
        return Optional.ofNullable(type == null ? null : behaviors.get(type));
    }

    public NodeBehavior require(NodeType type) {
        return find(type)
                .orElseThrow(
                        () -> new NodeFailure(NodeErrors.NODE_TYPE_UNSUPPORTED, "no behaviour for node type " + type));
    }
}
