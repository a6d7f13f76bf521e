package io.aiworkflow.engine.debug;

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
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One live run folded from its engine events: token counters, completed steps, the nodes waiting
 * for a person. Once watched (and {@linkplain #describe described}), each event also gives the
 * debug channel's messages with completed/total steps and elapsed time (statuses as
 * {@link DebugRunStatus} and {@link DebugNodeStatus} number them).
 */
final class DebugRun {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String instanceId;
    private final String appId;
    private final int version;
    private final Instant started;
    /** known once the run is watched: until then only the fold is kept, no message is built */
    private String appName;

    private int totalSteps;
    private int completedSteps;
    private TokenUsage tokens = TokenUsage.NONE;
    private DebugRunStatus status = DebugRunStatus.RUNNING;
    private JsonValue error = JsonValue.NULL;
    private Instant finished;
    /** whether any node run waits for a person, as the engine's last WaitingChanged said */
    private boolean needsHuman;

    /** {@code completedSteps}: steps a resumed run had already taken before it was taken over (else 0). */
    DebugRun(String instanceId, String appId, int version, Instant started, int completedSteps) {
        this.instanceId = instanceId;
        this.completedSteps = completedSteps;
        this.appId = appId;
        this.version = version;
        this.started = started;
    }

    /** What the messages name: from now on each event gives them. */
    void describe(String appName, int totalSteps) {
        this.appName = appName;
        this.totalSteps = Math.max(totalSteps, 1);
    }

    boolean isDescribed() {
        return appName != null;
    }

    /**
     * Folds the event in; once described, returns the messages it gives: a run-debug message per
     * node event, progress after each step. Not described: no message, only the fold.
     */
    List<JsonObject> accept(EngineEvent event) {
        fold(event);
        if (!isDescribed() || event instanceof RunHandedOver) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        if (event instanceof NodeStarted e) {
            out.add(debug(
                    e.timestamp(),
                    node(
                            e.node(),
                            e.sequence(),
                            DebugNodeStatus.RUNNING,
                            JsonValue.NULL,
                            e.inputs(),
                            JsonValue.NULL,
                            null,
                            0,
                            TokenUsage.NONE)));
        } else if (event instanceof NodeFinished e) {
            out.add(debug(
                    e.timestamp(),
                    node(
                            e.node(),
                            e.sequence(),
                            DebugNodeStatus.SUCCEEDED,
                            JsonValue.NULL,
                            e.inputs(),
                            e.outputs(),
                            e.timestamp(),
                            e.durationMs(),
                            e.usage())));
            out.add(progress(e.timestamp()));
        } else if (event instanceof NodeFailed e) {
            out.add(debug(
                    e.timestamp(),
                    node(
                            e.node(),
                            e.sequence(),
                            DebugNodeStatus.FAILED,
                            errorJson(e.code(), e.message()),
                            e.inputs() == null ? JsonValue.NULL : e.inputs(),
                            JsonValue.NULL,
                            e.timestamp(),
                            e.durationMs(),
                            TokenUsage.NONE)));
            out.add(progress(e.timestamp()));
        } else if (event instanceof NodeSkipped e) {
            out.add(debug(
                    e.timestamp(),
                    node(
                            e.node(),
                            e.sequence(),
                            DebugNodeStatus.SKIPPED,
                            JsonValue.NULL,
                            JsonValue.NULL,
                            JsonValue.NULL,
                            e.timestamp(),
                            0,
                            TokenUsage.NONE)));
            out.add(progress(e.timestamp()));
        } else if (event instanceof WaitingForHuman e) {
            out.add(needConfirm(e));
            out.add(debug(
                    e.timestamp(),
                    node(
                            e.node(),
                            e.sequence(),
                            DebugNodeStatus.PENDING,
                            JsonValue.NULL,
                            e.inputs(),
                            JsonValue.NULL,
                            null,
                            0,
                            TokenUsage.NONE)));
        } else if (event.isTerminal()) {
            out.add(debug(event.timestamp(), null));
            out.add(progress(event.timestamp()));
        }
        return out;
    }

    /** The run's state after this event: steps, tokens, who waits, how it ended. */
    private void fold(EngineEvent event) {
        if (event instanceof WaitingChanged e) {
            needsHuman = e.isWaiting();
        } else if (event instanceof NodeFinished e) {
            step(e.node(), e.usage());
        } else if (event instanceof NodeFailed e) {
            step(e.node(), TokenUsage.NONE);
        } else if (event instanceof NodeSkipped e) {
            step(e.node(), TokenUsage.NONE);
        } else if (event instanceof WorkflowFinished e) {
            end(DebugRunStatus.SUCCEEDED, JsonValue.NULL, e.timestamp(), e.usage());
        } else if (event instanceof WorkflowFailed e) {
            end(DebugRunStatus.FAILED, errorJson(e.code(), e.message()), e.timestamp(), e.usage());
        } else if (event instanceof WorkflowCanceled e) {
            end(DebugRunStatus.FAILED, errorJson("CANCELED", "the run was canceled"), e.timestamp(), e.usage());
        }
    }

    /** Only top-level nodes count as steps of the run's graph; loop and sub-workflow runs do not. */
    private void step(NodeRef node, TokenUsage usage) {
        if (node.invokeId().equals(node.nodeKey())) {
            completedSteps++;
        }
        tokens = tokens.plus(usage);
    }

    /** Steps taken, at most the graph's (a resumed run may count a node again). */
    private int completedSteps() {
        return status == DebugRunStatus.SUCCEEDED ? totalSteps : Math.min(completedSteps, totalSteps);
    }

    private void end(DebugRunStatus status, JsonValue error, Instant at, TokenUsage usage) {
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
                .add("type", 1)
                .add("status", status.code())
                .add("error", error)
                .add("completed_steps", completedSteps())
                .add("need_human_confirm", needsHuman ? 1 : 0)
                .add("elapsed_time", seconds(at));
        tokens(data, tokens);
        data.add("total_steps", totalSteps)
                .add(
                        "finished_time",
                        finished == null ? JsonValue.NULL : Jsons.provider().createValue(TIME.format(finished)));
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
                                .add("type", 1)
                                .add("run_name", appName + " " + TIME.format(started))
                                .add("status", status.code())
                                .add("created_time", TIME.format(started))
                                .add("elapsed_time", seconds(at))
                                .add("completed_progress", percent + "%"))
                .build();
    }

    /** The debug message {@code workflow_need_human_confirm}: the run waits before this node for a person. */
    private JsonObject needConfirm(WaitingForHuman e) {
        JsonObjectBuilder node = Jsons.object()
                .add("node_exec_id", e.sequence())
                .add("node_id", e.node().invokeId())
                .add("node_type", e.node().nodeType())
                .add("node_name", e.node().nodeName())
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
                                .add("type", 1)
                                .add("run_name", appName + " " + TIME.format(started))
                                .add("node_exec_data", node))
                .build();
    }

    private static JsonObject node(
            NodeRef node,
            long seq,
            DebugNodeStatus status,
            JsonValue error,
            JsonValue inputs,
            JsonValue outputs,
            Instant finishedAt,
            long elapsedMs,
            TokenUsage usage) {
        JsonObjectBuilder b = Jsons.object()
                .add("node_exec_id", seq)
                .add(
                        "pre_node_id",
                        node.parentInvokeId() == null
                                ? JsonValue.NULL
                                : Jsons.provider().createValue(node.parentInvokeId()))
                .add("node_id", node.invokeId())
                .add("node_type", node.nodeType())
                .add("node_name", node.nodeName())
                .add("status", status.code())
                .add("error", error)
                .add("inputs", inputs)
                .add("messages", Jsons.array())
                .add(
                        "finished_time",
                        finishedAt == null ? JsonValue.NULL : Jsons.provider().createValue(TIME.format(finishedAt)))
                .add("elapsed_time", elapsedMs / 1000.0)
                .add("outputs", outputs);
        tokens(b, usage);
        return b.build();
    }

    private static void tokens(JsonObjectBuilder b, TokenUsage u) {
        b.add("prompt_tokens", u.promptTokens())
                .add("completion_tokens", u.completionTokens())
                .add("total_tokens", u.totalTokens())
                .add("embedding_tokens", u.embeddingTokens())
                .add("reranking_tokens", u.rerankTokens());
    }

    private static JsonObject errorJson(String code, String message) {
        return Jsons.object()
                .add("code", code)
                .add("message", message == null ? code : message)
                .build();
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
