package io.aiworkflow.engine.replay;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.definition.References;
import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.engine.execution.Replay;
import io.aiworkflow.engine.execution.ResumePoint;
import io.aiworkflow.engine.history.InstanceStore.EndedNodeRun;
import io.aiworkflow.engine.history.NodeExecutionIds;
import jakarta.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for a replay of a recorded run, what each node of the version that will run does: it is
 * <b>reused</b> when it completed in the recorded run and nothing it follows runs again; it
 * <b>runs</b> when it is a node replayed from, one that changed since the version that ran, or one
 * that follows either; it is <b>skipped</b> when it was skipped in the recorded run and only reused
 * nodes lead to it (they lead elsewhere again). A node in a ForEach body is replayed by its
 * ForEach; a ForEach or SubWorkflow that runs again because it failed keeps the outcomes its inner
 * nodes recorded (ended iterations are reused, as after a restart), and a ForEach replayed from a
 * body node keeps those of the body nodes before it. Pure: it reads nothing but its arguments.
 */
public final class ReplayPlanner {

    public enum Action {
        REUSE,
        RUN,
        SKIP
    }

    /** One node's part: {@code reusedFrom} is the recorded node execution a reused node restores. */
    public record Step(String nodeKey, Action action, String reason, String reusedFrom) {}

    /** The plan, and what the run needs: the outcomes it reuses, by scope and node key. */
    public record Plan(List<Step> steps, Replay replay) {}

    private final FunctionDesign design;
    private final FunctionDesign recordedDesign;
    private final String recordedRunId;
    /** the last completed run of each top-level node in the recorded run */
    private final Map<String, EndedNodeRun> completed = new HashMap<>();

    private final List<EndedNodeRun> inner = new ArrayList<>();
    /** top-level nodes the recorded run skipped */
    private final Set<String> skipped;
    /** body node → its ForEach */
    private final Map<String, String> loopOf = new HashMap<>();

    /** {@code skipped}: the top-level nodes the recorded run skipped. */
    public ReplayPlanner(
            FunctionDesign design,
            FunctionDesign recordedDesign,
            String recordedRunId,
            List<EndedNodeRun> recorded,
            Set<String> skipped) {
        this.design = design;
        this.skipped = Set.copyOf(skipped);
        this.recordedDesign = recordedDesign;
        this.recordedRunId = recordedRunId;
        for (EndedNodeRun run : recorded) {
            if (run.scope() == null || run.scope().isEmpty()) {
                if (run.completed()) {
                    completed.put(run.nodeKey(), run);
                } else {
                    completed.remove(run.nodeKey());
                }
            } else {
                inner.add(run);
            }
        }
        for (NodeDesign node : design.nodes()) {
            if (node.type() == NodeType.ForEach) {
                body(node.nodeKey()).forEach(b -> loopOf.put(b, node.nodeKey()));
            }
        }
    }

    /** Whether the node is in a ForEach body (its ForEach replays it). */
    public boolean inLoopBody(String nodeKey) {
        return loopOf.containsKey(nodeKey);
    }

    /**
     * The plan for replaying from {@code from} (node keys of this design), giving {@code inputs} to
     * some of them; {@code parametersChanged} replays from Start as well. {@code retry}: the from
     * nodes are those that failed, and a ForEach or SubWorkflow among them keeps its inner outcomes.
     */
    public Plan plan(Set<String> from, Map<String, JsonObject> inputs, boolean parametersChanged, boolean retry) {
        Map<String, String> why = new LinkedHashMap<>();
        Set<String> bodyFrom = new HashSet<>();
        for (String key : from) {
            String loop = loopOf.get(key);
            if (loop != null) {
                bodyFrom.add(key);
                why.putIfAbsent(loop, "replayed from '" + key + "' in its body");
            } else {
                why.putIfAbsent(key, retry ? "did not complete in the replayed run" : "replayed from here");
            }
        }
        if (parametersChanged) {
            design.nodesOfType(NodeType.Start).forEach(s -> why.putIfAbsent(s.nodeKey(), "the parameters changed"));
        }
        for (NodeDesign node : design.nodes()) {
            if (!loopOf.containsKey(node.nodeKey()) && changed(node)) {
                why.putIfAbsent(node.nodeKey(), "changed since the version that ran");
            }
        }
        Set<String> origins = Set.copyOf(why.keySet());
        Map<String, String> dirty = downstream(why);

        List<Step> steps = new ArrayList<>();
        Map<String, Map<String, ResumePoint.EndedNode>> reused = new HashMap<>();
        Map<String, ResumePoint.EndedNode> top = new HashMap<>();
        for (NodeDesign node : design.nodes()) {
            String key = node.nodeKey();
            String loop = loopOf.get(key);
            if (loop != null) {
                Action action = dirty.containsKey(loop) ? Action.RUN : reusable(loop) ? Action.REUSE : Action.RUN;
                steps.add(new Step(key, action, "in the body of '" + loop + "', which it follows", null));
                continue;
            }
            if (dirty.containsKey(key)) {
                steps.add(new Step(key, Action.RUN, dirty.get(key), null));
                continue;
            }
            EndedNodeRun recorded = completed.get(key);
            if (recorded != null) {
                String id = NodeExecutionIds.of(recordedRunId, recorded.seq());
                steps.add(new Step(key, Action.REUSE, "completed in the replayed run", id));
                top.put(key, endedNode(recorded, id));
                continue;
            }
            List<String> leading = design.incoming(key).stream()
                    .map(Connection::sourceNodeKey)
                    .distinct()
                    .toList();
            boolean onlyReused = skipped.contains(key)
                    && !leading.isEmpty()
                    && leading.stream().allMatch(k -> completed.containsKey(k) && !dirty.containsKey(k));
            steps.add(
                    onlyReused
                            ? new Step(
                                    key,
                                    Action.SKIP,
                                    "not reached in the replayed run: " + leading + " lead elsewhere",
                                    null)
                            : new Step(key, Action.RUN, "did not complete in the replayed run", null));
        }
        reused.put("", top);
        for (String container : origins) {
            if (dirty.containsKey(container) && keepsInnerOutcomes(container, origins, retry)) {
                addInner(container, bodyDirty(bodyFrom), reused);
            }
        }
        return new Plan(steps, new Replay(reused, inputs));
    }

    /**
     * Nodes whose inputs cannot be rebuilt: the top-level nodes {@code nodeKey}'s fields refer to that
     * did not complete in the recorded run (nor run again before it).
     */
    public List<String> missingInputs(String nodeKey) {
        NodeDesign node = design.node(nodeKey).orElseThrow();
        Set<String> referred = new HashSet<>();
        for (FieldDesign field : node.fieldDesigns()) {
            referred.addAll(References.roots(field));
        }
        return design.nodes().stream()
                .map(NodeDesign::nodeKey)
                .filter(referred::contains)
                .filter(k -> !completed.containsKey(k))
                .filter(k -> design.node(k).map(n -> n.type() != NodeType.Start).orElse(true))
                .toList();
    }

    private static ResumePoint.EndedNode endedNode(EndedNodeRun run, String reusedFrom) {
        JsonObject output = run.output() instanceof JsonObject o ? o : null;
        JsonObject input = run.input() instanceof JsonObject i ? i : null;
        return new ResumePoint.EndedNode(true, output, run.branch(), input, reusedFrom);
    }

    /** A container replays its inner runs only when it is itself a failed node retried, or a ForEach replayed from its body. */
    private boolean keepsInnerOutcomes(String container, Set<String> origins, boolean retry) {
        NodeDesign node = design.node(container).orElse(null);
        if (node == null || (node.type() != NodeType.ForEach && node.type() != NodeType.SubWorkflow)) {
            return false;
        }
        Map<String, String> others = new LinkedHashMap<>();
        origins.stream().filter(o -> !o.equals(container)).forEach(o -> others.put(o, ""));
        if (downstream(others).containsKey(container)) {
            return false; // what it is given may differ: it starts afresh
        }
        return retry || node.type() == NodeType.ForEach;
    }

    private void addInner(
            String container, Set<String> bodyDirty, Map<String, Map<String, ResumePoint.EndedNode>> reused) {
        // only its first attempt's scopes: the replay runs the container once more, as attempt 1
        String prefix = encoded(container) + "#1";
        Map<String, Map<String, EndedNodeRun>> byScope = new HashMap<>();
        for (EndedNodeRun run : inner) {
            if (!run.scope().startsWith(prefix + "[") && !run.scope().startsWith(prefix + "/")) {
                continue;
            }
            boolean directBody = run.scope().indexOf('/') == run.scope().length() - 1;
            if (directBody && bodyDirty.contains(run.nodeKey())) {
                continue;
            }
            Map<String, EndedNodeRun> scope = byScope.computeIfAbsent(run.scope(), s -> new HashMap<>());
            if (run.completed()) {
                scope.put(run.nodeKey(), run);
            } else {
                scope.remove(run.nodeKey());
            }
        }
        byScope.forEach((scope, runs) -> {
            Map<String, ResumePoint.EndedNode> ended = new HashMap<>();
            runs.forEach((key, run) -> ended.put(key, endedNode(run, NodeExecutionIds.of(recordedRunId, run.seq()))));
            reused.put(scope, ended);
        });
    }

    /** The body nodes that follow a body node replayed from (inside its body). */
    private Set<String> bodyDirty(Set<String> bodyFrom) {
        Set<String> dirty = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(bodyFrom);
        while (!queue.isEmpty()) {
            String key = queue.poll();
            if (dirty.add(key)) {
                design.outgoing(key).forEach(c -> queue.add(c.targetNodeKey()));
            }
        }
        return dirty;
    }

    /** The top-level nodes that follow the origins (outside ForEach bodies), each with why it runs. */
    private Map<String, String> downstream(Map<String, String> origins) {
        Map<String, String> dirty = new LinkedHashMap<>(origins);
        Deque<String> queue = new ArrayDeque<>(origins.keySet());
        while (!queue.isEmpty()) {
            String key = queue.poll();
            for (Connection c : design.outgoing(key)) {
                String next = c.targetNodeKey();
                if (c.hasLabel(WorkflowValidator.BODY) || loopOf.containsKey(next) || dirty.containsKey(next)) {
                    continue;
                }
                dirty.put(next, "follows '" + key + "', which runs again");
                queue.add(next);
            }
        }
        return dirty;
    }

    private boolean reusable(String key) {
        return completed.containsKey(key);
    }

    /** What its body connection reaches, without going back through the ForEach. */
    private Set<String> body(String loopKey) {
        Set<String> body = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        design.outgoing(loopKey).stream()
                .filter(c -> c.hasLabel(WorkflowValidator.BODY))
                .forEach(c -> queue.add(c.targetNodeKey()));
        while (!queue.isEmpty()) {
            String key = queue.poll();
            if (!key.equals(loopKey) && body.add(key)) {
                design.outgoing(key).forEach(c -> queue.add(c.targetNodeKey()));
            }
        }
        return body;
    }

    /** Its definition, or a connection into it, differs from the version that ran (a new node counts as changed). */
    private boolean changed(NodeDesign node) {
        if (recordedDesign == design) {
            return false;
        }
        NodeDesign before = recordedDesign.node(node.nodeKey()).orElse(null);
        if (before == null || !before.equals(node)) {
            return true;
        }
        return !Set.copyOf(recordedDesign.incoming(node.nodeKey())).equals(Set.copyOf(design.incoming(node.nodeKey())));
    }

    /** A node key as scopes spell it. */
    private static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}
