package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.event.NodeRef;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a recorded run stopped (a server restart while it waited for a human): the last event
 * sequence written, the run's start time, and the outcome of each node run that ended, by scope
 * ({@link NodeRef#scope()}: {@code ""} top level, {@code loop[2]/} an
 * iteration, {@code sub/} a sub-workflow) and node key, as history recorded it.
 * {@link WorkflowExecutor#resume} rebuilds each scope from these outputs without publishing anything
 * for them, then continues with the nodes that had not ended (a node waiting for confirmation waits
 * again and publishes a new WaitingForHuman). A loop resumes at the iterations that had not ended;
 * a node that runs loops or sub-workflows is itself started again. A node's confirmation deadline is
 * kept: {@code waitingSince} says when it began to wait, by scope and node key ({@code "review"} at
 * top level, {@code "loop#1[2]/review"} in an iteration).
 */
public record ResumePoint(
        long lastSequence,
        Instant startedAt,
        Map<String, Map<String, EndedNode>> endedByScope,
        Map<String, Instant> waitingSince) {

    /**
     * {@code completed}: a NodeFinished with this output and branch; otherwise a NodeFailed (its
     * onError routes it). For a replay, {@code inputs} and {@code reusedFrom} (the recorded node
     * execution) go into the NodeFinished that the new run publishes for it.
     */
    public record EndedNode(boolean completed, JsonObject output, String branch, JsonObject inputs, String reusedFrom) {

        public EndedNode(boolean completed, JsonObject output, String branch) {
            this(completed, output, branch, null, null);
        }
    }

    public ResumePoint {
        Map<String, Map<String, EndedNode>> copy = new HashMap<>();
        endedByScope.forEach((scope, ended) -> copy.put(scope, Map.copyOf(ended)));
        endedByScope = Map.copyOf(copy);
        waitingSince = Map.copyOf(waitingSince);
    }

    /** Only top-level nodes had ended. */
    public static ResumePoint topLevel(
            long lastSequence, Instant startedAt, Map<String, EndedNode> ended, Map<String, Instant> waitingSince) {
        return new ResumePoint(lastSequence, startedAt, Map.of("", ended), waitingSince);
    }
}
