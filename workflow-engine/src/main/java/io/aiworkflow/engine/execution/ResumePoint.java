package io.aiworkflow.engine.execution;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * Where a recorded run stopped (a server restart while it waited for a human): the last event
 * sequence written, the run's start time, and the outcome of each top-level node that ended,
 * by node key, as history recorded it. {@link WorkflowExecutor#resume} rebuilds the top-level scope
 * from these outputs without publishing anything for them, then continues with the nodes that had not
 * ended (a node waiting for confirmation waits again and publishes a new WaitingForHuman). A node's
 * confirmation deadline is kept: {@code waitingSince} says when it first began to wait, by node key.
 */
public record ResumePoint(long lastSequence, Instant startedAt, Map<String, EndedNode> ended,
                          Map<String, Instant> waitingSince) {

    /** {@code completed}: a NodeFinished with this output and branch; otherwise a NodeFailed (its onError routes it). */
    public record EndedNode(boolean completed, JsonObject output, String branch) {
    }

    public ResumePoint {
        ended = Map.copyOf(ended);
        waitingSince = Map.copyOf(waitingSince);
    }

    public ResumePoint(long lastSequence, Instant startedAt, Map<String, EndedNode> ended) {
        this(lastSequence, startedAt, ended, Map.of());
    }
}
