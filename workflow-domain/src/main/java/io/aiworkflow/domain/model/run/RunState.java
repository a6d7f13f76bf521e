package io.aiworkflow.domain.model.run;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a workflow run stands, in the order of its life. The wire value is what the API answers and
 * what the {@code workflow_instance.state} column holds.
 */
public enum RunState {
    PENDING("Pending"),
    RUNNING("Running"),
    /** at least one node waits for a person's answer; the run holds no thread meanwhile */
    WAITING("Waiting"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    CANCELED("Canceled");

    private final String wire;

    RunState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Still going: a server may still write to it, a person may still answer or cancel it. */
    public boolean isActive() {
        return this == PENDING || this == RUNNING || this == WAITING;
    }

    public boolean isEnded() {
        return !isActive();
    }

    public static Optional<RunState> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    /** The state a stored or answered value names; an unknown value is a programming error. */
    public static RunState of(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("not a run state: " + value));
    }

    @Override
    public String toString() {
        return wire;
    }
}
