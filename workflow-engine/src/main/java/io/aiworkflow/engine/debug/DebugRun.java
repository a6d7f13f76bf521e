package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One live run folded from its engine events: token counters, completed steps, whether a person is
 * awaited, the id of each node execution. Once watched (and {@linkplain #describe described}), each
 * event also gives the debug channel's messages, in the shape NexusAI's clients read (statuses as
 * {@link DebugRunStatus} and {@link DebugNodeStatus} number them; node types as
 * {@link DebugNodeTypes} names them; times in the server's zone).
 */
final class DebugRun {

    private final String instanceId;
    private final String appId;
    private final int version;
    private final RunOrigin origin;
    private final Instant started;
    private final DateTimeFormatter time;
    /** known once the run is watched: until then only the fold is kept, no message is built */
    private String appName;

    private int totalSteps;
    private Map<String, Integer> levels = Map.of();
    /** top-level nodes that ended, skipped ones included (they are steps the run is past) */
    private int completedSteps;
    /** top-level nodes that ran and ended */
    private int actualCompletedSteps;

    private int level;
    private TokenUsage tokens = TokenUsage.NONE;
    private DebugRunStatus status = DebugRunStatus.RUNNING;
    private String error;
    private Instant finished;
    /** whether any node run waits for a person, as the engine's last WaitingChanged said */
    private boolean needsHuman;
    /** each node execution's id, by scope and invoke id: the same on its running and its final message */
    private final Map<String, Integer> execIds = new HashMap<>();
    /** the scopes that ForEach and SubWorkflow executions opened (scope prefix → their execution id) */
    private final Map<String, Integer> openedScopes = new LinkedHashMap<>();
    /** the End node's execution data: the run's result, carried by its last message */
    private JsonObject endNode;

    /**
     * {@code completedSteps}: steps a resumed run had already taken before it was taken over (else
     * 0); {@code zone}: the zone the messages' times are written in.
     */
    DebugRun(
            String instanceId,
            String appId,
            int version,
            RunOrigin origin,
            Instant started,
            int completedSteps,
            ZoneId zone) {
        this.origin = origin;
        this.instanceId = instanceId;
        this.completedSteps = completedSteps;
        this.actualCompletedSteps = completedSteps;
        this.appId = appId;
        this.version = version;
        this.started = started;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    /**
     * What the messages name: from now on each event gives them. {@code levels}: each top-level
     * node's distance from Start, as the graph's edges count it.
     */
    void describe(String appName, int totalSteps, Map<String, Integer> levels) {
        this.appName = appName;
        this.totalSteps = Math.max(totalSteps, 1);
        this.levels = Map.copyOf(levels);
    }

    boolean isDescribed() {
        return appName != null;
    }

    /**
     * Folds the event in; once described, returns the messages it gives: a run-debug message when a
     * node starts, waits or ends (progress after each end), none for a skipped node; the run's end
     * carries the End node's data.
     */
    List<JsonObject> accept(EngineEvent event) {
        fold(event);
        if (!isDescribed() || event instanceof RunHandedOver) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        if (event instanceof NodeStarted e) {
            if (!isStartOrEnd(e.node())) {
                out.add(debug(
                        e.timestamp(),
                        node(e.node(), DebugNodeStatus.RUNNING, null, false)
                                .add("inputs", e.inputs())
                                .build()));
            }
        } else if (event instanceof NodeFinished e) {
            JsonObject data = node(e.node(), DebugNodeStatus.SUCCEEDED, null, false)
                    .add("inputs", e.inputs())
                    .add("outputs", e.outputs())
                    .add("outputs_md", markdown(e.node(), e.outputs()))
                    .add("finished_time", time.format(e.timestamp()))
                    .add("elapsed_time", e.durationMs() / 1000.0)
                    .addAll(tokens(e.usage()))
                    .build();
            if (isTopLevelEnd(e.node())) {
                endNode = data; // told with the run's end
            } else {
                out.add(debug(e.timestamp(), data));
                out.add(progress(e.timestamp()));
            }
        } else if (event instanceof NodeFailed e) {
            out.add(debug(
                    e.timestamp(),
                    node(e.node(), DebugNodeStatus.FAILED, message(e.code(), e.message()), false)
                            .add("inputs", e.inputs() == null ? JsonValue.NULL : e.inputs())
                            .add("outputs", JsonValue.NULL)
                            .add("finished_time", time.format(e.timestamp()))
                            .add("elapsed_time", e.durationMs() / 1000.0)
                            .build()));
            out.add(progress(e.timestamp()));
        } else if (event instanceof WaitingForHuman e) {
            out.add(needConfirm(e));
            out.add(debug(
                    e.timestamp(),
                    node(e.node(), DebugNodeStatus.RUNNING, null, true)
                            .add("inputs", e.inputs() == null ? JsonValue.NULL : e.inputs())
                            .build()));
        } else if (event.isTerminal()) {
            out.add(debug(event.timestamp(), endNode));
            out.add(progress(event.timestamp()));
        }
        return out;
    }

    /** The run's state after this event: steps, tokens, who waits, ids, how it ended. */
    private void fold(EngineEvent event) {
        if (event instanceof WaitingChanged e) {
            needsHuman = e.isWaiting();
        } else if (event instanceof WaitingForHuman e) {
            execId(e.node());
        } else if (event instanceof NodeStarted e) {
            int id = execId(e.node());
            if (DebugNodeTypes.opensScope(e.node().nodeType())) {
                openedScopes.put(scopeOf(e.node()) + e.node().nodeKey() + "#", id);
            }
            if (isTopLevel(e.node())) {
                level = Math.max(level, levels.getOrDefault(e.node().nodeKey(), 0));
            }
        } else if (event instanceof NodeFinished e) {
            step(e.node(), e.usage(), true);
        } else if (event instanceof NodeFailed e) {
            step(e.node(), TokenUsage.NONE, true);
        } else if (event instanceof NodeSkipped e) {
            step(e.node(), TokenUsage.NONE, false);
        } else if (event instanceof WorkflowFinished e) {
            end(DebugRunStatus.SUCCEEDED, null, e.timestamp(), e.usage());
        } else if (event instanceof WorkflowFailed e) {
            end(DebugRunStatus.FAILED, message(e.code(), e.message()), e.timestamp(), e.usage());
        } else if (event instanceof WorkflowCanceled e) {
            end(DebugRunStatus.FAILED, "CANCELED: the run was canceled", e.timestamp(), e.usage());
        }
    }

    /** The node execution's id, handed out when it is first seen (waiting, or started). */
    private int execId(NodeRef node) {
        return execIds.computeIfAbsent(scopeOf(node) + node.invokeId(), k -> execIds.size() + 1);
    }

    /** The execution of the ForEach or SubWorkflow whose scope the node runs in; 0 at top level. */
    private int parentExecId(NodeRef node) {
        String scope = scopeOf(node);
        int parent = 0;
        int longest = -1;
        for (Map.Entry<String, Integer> opened : openedScopes.entrySet()) {
            if (scope.startsWith(opened.getKey()) && opened.getKey().length() > longest) {
                parent = opened.getValue();
                longest = opened.getKey().length();
            }
        }
        return parent;
    }

    private static String scopeOf(NodeRef node) {
        return node.scope() == null ? "" : node.scope();
    }

    private static boolean isTopLevel(NodeRef node) {
        return scopeOf(node).isEmpty() && node.invokeId().equals(node.nodeKey());
    }

    private static boolean isStartOrEnd(NodeRef node) {
        return NodeType.Start.name().equals(node.nodeType())
                || NodeType.End.name().equals(node.nodeType());
    }

    private static boolean isTopLevelEnd(NodeRef node) {
        return isTopLevel(node) && NodeType.End.name().equals(node.nodeType());
    }

    /** Only top-level nodes count as steps of the run's graph; loop and sub-workflow runs do not. */
    private void step(NodeRef node, TokenUsage usage, boolean ran) {
        if (isTopLevel(node)) {
            completedSteps++;
            if (ran) {
                actualCompletedSteps++;
            }
        }
        tokens = tokens.plus(usage);
    }

    /** Steps taken, at most the graph's (a resumed run may count a node again); all of them once it succeeded. */
    private int completedSteps() {
        return status == DebugRunStatus.SUCCEEDED ? totalSteps : Math.min(completedSteps, totalSteps);
    }

    private void end(DebugRunStatus status, String error, Instant at, TokenUsage usage) {
        this.status = status;
        this.error = error;
        this.finished = at;
        if (usage != null) {
            tokens = usage;
        }
    }

    /** The run's state now, as a {@code workflow_run_debug} without node data: what a new watcher sees first. */
    JsonObject snapshot(Instant at) {
        return debug(at, null);
    }

    private JsonObject debug(Instant at, JsonObject nodeExecData) {
        JsonObjectBuilder data = Jsons.object()
                .add("app_id", appId)
                .add("workflow_id", version)
                .add("app_run_id", instanceId)
                .add("type", origin.debugType())
                .add("level", level)
                .add("status", status.code())
                .add("error", text(error))
                .add("completed_steps", completedSteps())
                .add("actual_completed_steps", Math.min(actualCompletedSteps, totalSteps))
                .add("need_human_confirm", needsHuman ? 1 : 0)
                .add("elapsed_time", seconds(at))
                .addAll(tokens(tokens))
                .add("total_steps", totalSteps)
                .add("created_time", time.format(started))
                .add("finished_time", finished == null ? JsonValue.NULL : text(time.format(finished)));
        if (nodeExecData != null) {
            data.add("node_exec_data", nodeExecData);
        }
        return Jsons.object()
                .add("type", "workflow_run_debug")
                .add("data", data)
                .build();
    }

    private JsonObject progress(Instant at) {
        int percent = (int) Math.floor(100.0 * completedSteps() / totalSteps);
        return Jsons.object()
                .add("type", "workflow_run_progress")
                .add(
                        "data",
                        Jsons.object()
                                .add("app_id", appId)
                                .add("app_name", appName)
                                .add("workflow_id", version)
                                .add("app_run_id", instanceId)
                                .add("type", origin.debugType())
                                .add("run_name", appName + " " + time.format(started))
                                .add("status", status.code())
                                .add("created_time", time.format(started))
                                .add("elapsed_time", seconds(at))
                                .add("completed_progress", percent + "%")
                                .add("need_human_confirm", needsHuman ? 1 : 0))
                .build();
    }

    /** The debug message {@code workflow_need_human_confirm}: the run waits before this node for a person. */
    private JsonObject needConfirm(WaitingForHuman e) {
        JsonObjectBuilder node = identity(e.node())
                .add("inputs", e.inputs() == null ? JsonValue.NULL : e.inputs())
                .add("assignees", e.assignees() == null ? JsonValue.NULL : e.assignees());
        return Jsons.object()
                .add("type", "workflow_need_human_confirm")
                .add(
                        "data",
                        Jsons.object()
                                .add("app_id", appId)
                                .add("app_name", appName)
                                .add("workflow_id", version)
                                .add("app_run_id", instanceId)
                                .add("type", origin.debugType())
                                .add("run_name", appName + " " + time.format(started))
                                .add("node_exec_data", node))
                .build();
    }

    /** Which node execution a message is about, and where it sits in the graph. */
    private JsonObjectBuilder identity(NodeRef node) {
        String from = node.parentInvokeId();
        return Jsons.object()
                .add("node_exec_id", execId(node))
                .add("parent_exec_id", parentExecId(node))
                .add("first_task_exec_id", 0)
                .add("level", isTopLevel(node) ? levels.getOrDefault(node.nodeKey(), 0) : level)
                .add("edge_id", from == null ? JsonValue.NULL : text(from + "->" + node.invokeId()))
                .add("pre_node_id", text(from))
                .add("node_id", node.invokeId())
                .add("node_type", DebugNodeTypes.wire(node.nodeType()))
                .add("node_name", node.nodeName());
    }

    private JsonObjectBuilder node(NodeRef node, DebugNodeStatus status, String error, boolean waits) {
        return identity(node)
                .add("status", status.code())
                .add("error", text(error))
                .add("need_human_confirm", waits ? 1 : 0)
                .add("prompt_data", Jsons.array());
    }

    /**
     * The outputs as Markdown, as the NexusAI result panel shows them: an LLM's answer as it is,
     * anything else as a JSON code block.
     */
    private static String markdown(NodeRef node, JsonObject outputs) {
        if (NodeType.AiChat.name().equals(node.nodeType())) {
            for (JsonValue value : outputs.values()) {
                if (value instanceof JsonString s) {
                    return s.getString();
                }
            }
        }
        return "```json\n" + outputs + "\n```";
    }

    private static JsonObjectBuilder tokens(TokenUsage u) {
        return Jsons.object()
                .add("prompt_tokens", u.promptTokens())
                .add("completion_tokens", u.completionTokens())
                .add("total_tokens", u.totalTokens())
                .add("embedding_tokens", u.embeddingTokens())
                .add("reranking_tokens", u.rerankTokens());
    }

    /** An error as the channel sends it: one line of text, its code first. */
    private static String message(String code, String message) {
        return message == null || message.isBlank() ? code : code + ": " + message;
    }

    private static JsonValue text(String value) {
        return value == null ? JsonValue.NULL : Jsons.provider().createValue(value);
    }

    private double seconds(Instant at) {
        return Math.max(0, at.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    String instanceId() {
        return instanceId;
    }

    String appId() {
        return appId;
    }

    int version() {
        return version;
    }
}
