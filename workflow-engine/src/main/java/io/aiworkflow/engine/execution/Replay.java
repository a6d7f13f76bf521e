package io.aiworkflow.engine.execution;

import jakarta.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * What a replay takes from the run it replays: the recorded outcomes it reuses, by scope and node
 * key (as {@link ResumePoint} holds them, each with the node execution it came from), and the
 * inputs given for top-level nodes, which then run with exactly these instead of evaluating their
 * field designs. A replay is a new run: it starts as any run does, then publishes each reused
 * outcome (a NodeFinished with {@code reusedFrom}) and each node those outcomes skip, and runs the rest.
 */
public record Replay(Map<String, Map<String, ResumePoint.EndedNode>> reusedByScope, Map<String, JsonObject> inputs) {

    public Replay {
        Map<String, Map<String, ResumePoint.EndedNode>> copy = new HashMap<>();
        reusedByScope.forEach((scope, ended) -> copy.put(scope, Map.copyOf(ended)));
        reusedByScope = Map.copyOf(copy);
        inputs = Map.copyOf(inputs);
    }
}
