package io.aiworkflow.domain.definition;

/** A directed connection between two nodes; {@code label} selects Condition, ForEach and error branches. */
public record Connection(String sourceNodeKey, String targetNodeKey, String label) {

    public boolean hasLabel(String expected) {
        return expected.equals(label);
    }

    public boolean isUnlabelled() {
        return label == null || label.isEmpty();
    }
}
