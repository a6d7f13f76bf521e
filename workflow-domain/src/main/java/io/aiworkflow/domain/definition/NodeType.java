package io.aiworkflow.domain.definition;

import java.util.Optional;

/** The node types a {@link FunctionDesign} may use. */
public enum NodeType {
    Start,
    End,
    AiChat,
    Wiki,
    Plugin,
    Condition,
    ForEach,
    Fork,
    JavaScript,
    DataProcess,
    SubWorkflow;

    public static Optional<NodeType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (NodeType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
