package io.aiworkflow.engine.execution;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * Where a recorded run stopped (a server restart while it waited for a human): the last event
 * sequence written, the run's start time, and the outcome of each top-level node that ended,
 * by node key, as history recorded it. {@link WorkflowExecutor#resume} rebuilds the top-level scope
 * from these outputs without publishing anything for them, then continues with the nodes that had not
 * ended (a node waiting for confirmation waits again and publishes a new WaitingForHuman).
 */
public record ResumePoint(long lastSequence, Instant startedAt, Map<String, EndedNode> ended) {

    /** {@code completed}: a NodeFinished with this output and branch; otherwise a NodeFailed (its onError routes it). */
    public record EndedNode(boolean completed, JsonObject output, String branch) {
    }

    public ResumePoint {
        ended = Map.copyOf(ended);
    }
}
