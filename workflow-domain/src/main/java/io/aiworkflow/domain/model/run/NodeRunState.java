package io.aiworkflow.domain.model.run;

import java.util.Arrays;
import java.util.Optional;

/**
 * How one node execution ended, as history records it in {@code node_execution.state} and the API
 * answers it. Nodes still running or waiting have no row yet; the run's events say where they are.
 */
public enum NodeRunState {
    COMPLETED("Completed"),
    FAILED("Failed"),
    /** a branch not taken: the node never ran */
    SKIPPED("Skipped");

    private final String wire;

    NodeRunState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<NodeRunState> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
