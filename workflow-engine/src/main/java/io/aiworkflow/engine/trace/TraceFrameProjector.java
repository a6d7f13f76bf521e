package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.JsonMembers;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one run's engine events, fed in sequence order, into trace frames shaped as openJiuwen's
 * workflow tracer sends them. Stateful per run: it remembers the workflow's frame, each open node
 * run's start and the custom trace data reported so far (frames carry it accumulated). Not
 * thread-safe; one instance per run.
 *
 * <p>Per event: {@code WorkflowStarted} → the workflow's {@code start} frame; {@code NodeStarted} →
 * {@code start}; {@code NodeTraced} → {@code running}, or an {@code error} frame for traceError
 * ({@code error}) and for a failed attempt that is retried ({@code innerError});
 * {@code WaitingForHuman} → {@code interrupted}; {@code NodeFinished} → {@code finish};
 * {@code NodeFailed} → {@code error} with the component-execution error wrapping the node's own
 * (after the node's traceError frame, if it reported one); {@code WorkflowFinished} → the workflow's
 * {@code finish} frame and {@code workflow_final}; a failed or canceled run → the workflow's
 * {@code finish} frame. Other events give no frame.
 */
public final class TraceFrameProjector {

    /** The tracer's code for "a component failed while executing". */
    public static final int COMPONENT_ERROR_CODE = 100054;

    /** The tracer's code for an error a component reports that has no code of its own. */
    public static final int WORKFLOW_ERROR_CODE = 100102;

    private static final class OpenRun {
        Instant startTime;
        PayloadValue inputs = PayloadValue.NULL;
        final List<JsonValue> onInvokeData = new ArrayList<>();
    }

    private final String workflowName;
    private final Map<String, OpenRun> open = new HashMap<>();
    /** the workflow's own frame, once the run started (or was taken over) here */
    private String workflowId;

    private String workflowVersion;
    private OpenRun workflow;

    /** {@code workflowName}: the app's name, which the workflow frames carry. */
    public TraceFrameProjector(String workflowName) {
        this.workflowName = workflowName == null ? "" : workflowName;
    }

    /** All frames of a run's events, in order, as {@code level} keeps them. */
    public static List<JsonObject> project(String workflowName, List<? extends EngineEvent> events, TraceLevel level) {
        TraceFrameProjector projector = new TraceFrameProjector(workflowName);
        List<JsonObject> frames = new ArrayList<>();
        for (EngineEvent e : events) {
            for (TraceFrame frame : projector.frames(e)) {
                if (level != TraceLevel.NONE) {
                    frames.add(frame.toJson(level));
                }
            }
        }
        return frames;
    }

    /** The frames this event produces (none, one, or two at a run's end). */
    public List<TraceFrame> frames(EngineEvent event) {
        if (event instanceof WorkflowStarted e) {
            workflowId = e.appId();
            workflowVersion = String.valueOf(e.version());
            workflow = new OpenRun();
            workflow.startTime = e.timestamp();
            workflow.inputs = PayloadValue.of(e.parameters());
            return List.of(workflowFrame(e, PayloadValue.NULL, null, "start"));
        }
        if (event instanceof RunResumed e) {
            // the start frame was sent where the run began; the end frame is sent here
            workflowId = e.appId();
            workflowVersion = String.valueOf(e.version());
            workflow = new OpenRun();
            workflow.startTime = e.startedAt();
            return List.of();
        }
        if (event instanceof NodeStarted e) {
            OpenRun run = new OpenRun();
            run.startTime = e.timestamp();
            run.inputs = PayloadValue.of(e.inputs());
            open.put(key(e.node()), run);
            return List.of(nodeFrame(e, e.node(), run, PayloadValue.NULL, null, JsonValue.NULL, "start"));
        }
        if (event instanceof NodeTraced e) {
            return traced(e);
        }
        if (event instanceof WaitingForHuman e) {
            // the node stops until a person answers; the answer starts it again with a new start frame
            OpenRun run = open.remove(key(e.node()));
            if (run == null) {
                run = new OpenRun();
                run.startTime = e.timestamp();
                run.inputs = PayloadValue.of(e.inputs());
            }
            return List.of(
                    nodeFrame(e, e.node(), run, PayloadValue.NULL, e.timestamp(), JsonValue.NULL, "interrupted"));
        }
        if (event instanceof NodeFinished e) {
            OpenRun run = close(e.node(), e.startTime());
            if (e.isReused()) {
                // restored by a replay, not run: one finish frame that says where it came from
                run.inputs = PayloadValue.of(e.inputs());
                return List.of(nodeFrame(
                        e,
                        e.node(),
                        run,
                        PayloadValue.of(e.outputs()),
                        e.timestamp(),
                        JsonValue.NULL,
                        "finish",
                        "reusedFrom",
                        Jsons.string(e.reusedFrom())));
            }
            return List.of(
                    nodeFrame(e, e.node(), run, PayloadValue.of(e.outputs()), e.timestamp(), JsonValue.NULL, "finish"));
        }
        if (event instanceof NodeFailed e) {
            OpenRun run = close(e.node(), e.startTime());
            return List.of(nodeFrame(e, e.node(), run, PayloadValue.NULL, e.timestamp(), componentError(e), "error"));
        }
        if (event instanceof WorkflowFinished e) {
            open.clear();
            PayloadValue result = PayloadValue.of(e.result());
            TraceFrame last = (level, out) -> {
                out.append("{\"type\":\"workflow_final\",\"index\":0,\"payload\":");
                level.appendPayload(result, out);
                out.append('}');
            };
            return workflow == null ? List.of(last) : List.of(workflowFrame(e, result, e.timestamp(), "finish"), last);
        }
        if (event.isTerminal()) {
            open.clear();
            // the tracer ends a failed or canceled workflow as finished too: its node frames tell what failed
            if (workflow != null && !(event instanceof RunHandedOver)) {
                return List.of(workflowFrame(event, PayloadValue.NULL, event.timestamp(), "finish"));
            }
        }
        return List.of();
    }

    private List<TraceFrame> traced(NodeTraced e) {
        OpenRun run = openRun(e.node(), e.timestamp());
        JsonValue data = orNull(e.data());
        switch (e.kind()) {
            case ERROR -> {
                return List.of(
                        nodeFrame(e, e.node(), run, PayloadValue.NULL, e.timestamp(), reportedError(data), "error"));
            }
            case RETRY -> {
                JsonObject inner = retriedError(e.node(), data);
                run.onInvokeData.add(Jsons.object()
                        .add("inner_error", inner)
                        .add("current_time", ApiEvents.timestamp(e.timestamp()))
                        .build());
                return List.of(nodeFrame(
                        e, e.node(), run, PayloadValue.NULL, null, JsonValue.NULL, "error", "innerError", inner));
            }
            default -> {
                run.onInvokeData.add(data);
                return List.of(nodeFrame(e, e.node(), run, PayloadValue.NULL, null, JsonValue.NULL, "running"));
            }
        }
    }

    private TraceFrame nodeFrame(
            EngineEvent e,
            NodeRef n,
            OpenRun run,
            PayloadValue outputs,
            Instant endTime,
            JsonValue error,
            String status) {
        return nodeFrame(e, n, run, outputs, endTime, error, status, null, null);
    }

    /** {@code extraName}: a member the frame's payload ends with, if not null. */
    private TraceFrame nodeFrame(
            EngineEvent e,
            NodeRef n,
            OpenRun run,
            PayloadValue outputs,
            Instant endTime,
            JsonValue error,
            String status,
            String extraName,
            JsonValue extra) {
        String instanceId = e.instanceId();
        String startTime = time(run.startTime);
        String end = time(endTime);
        PayloadValue inputs = run.inputs;
        JsonValue data = run.onInvokeData.isEmpty()
                ? Jsons.EMPTY_ARRAY
                : Jsons.provider().createArrayBuilder(run.onInvokeData).build();
        String parentInvokeId = parentInvokeId(n);
        String workflow = workflowId;
        return (level, out) -> {
            JsonMembers p = payload(out, level, instanceId, startTime, end, inputs, outputs)
                    .value("error", error)
                    .string("invokeId", n.invokeId())
                    .string("parentInvokeId", parentInvokeId)
                    .string("executionId", instanceId);
            level.appendPayload(data, p.name("onInvokeData"));
            p.string("workflowId", workflow)
                    // the tracer names a component by its id
                    .string("componentId", n.nodeKey())
                    .string("componentName", n.nodeKey())
                    .string("componentType", n.nodeType())
                    .string("loopNodeId", n.loopNodeId())
                    .number("loopIndex", n.loopIndex() == null ? null : Long.valueOf(n.loopIndex()))
                    .string("parentNodeId", n.parentNodeId() == null ? "" : n.parentNodeId())
                    .string("status", status);
            if (extraName != null) {
                p.value(extraName, extra);
            }
            p.close();
            out.append('}');
        };
    }

    private TraceFrame workflowFrame(EngineEvent e, PayloadValue outputs, Instant endTime, String status) {
        String instanceId = e.instanceId();
        String startTime = time(workflow.startTime);
        String end = time(endTime);
        PayloadValue inputs = workflow.inputs;
        String id = workflowId;
        String version = workflowVersion;
        return (level, out) -> {
            JsonMembers p = payload(out, level, instanceId, startTime, end, inputs, outputs)
                    .value("error", JsonValue.NULL)
                    .string("invokeId", id)
                    .value("parentInvokeId", JsonValue.NULL)
                    .string("executionId", instanceId);
            level.appendPayload(Jsons.EMPTY_ARRAY, p.name("onInvokeData"));
            p.string("workflowId", id)
                    .string("workflowVersion", version)
                    .string("workflowName", workflowName)
                    .string("parentNodeId", "")
                    .string("status", status)
                    .close();
            out.append('}');
        };
    }

    /**
     * Opens a {@code tracer_workflow} frame and writes the members every payload, a node's or the
     * workflow's, begins with: its run, times, inputs and outputs (as {@code level} keeps them).
     */
    private static JsonMembers payload(
            StringBuilder out,
            TraceLevel level,
            String instanceId,
            String startTime,
            String endTime,
            PayloadValue inputs,
            PayloadValue outputs) {
        out.append("{\"type\":\"tracer_workflow\",\"payload\":");
        JsonMembers p = JsonMembers.open(out)
                .string("traceId", instanceId)
                .string("startTime", startTime)
                .string("endTime", endTime);
        level.appendPayload(inputs, p.name("inputs"));
        level.appendPayload(outputs, p.name("outputs"));
        return p;
    }

    /** A top-level node that follows nothing (Start) hangs under the workflow's own frame. */
    private String parentInvokeId(NodeRef n) {
        if (n.parentInvokeId() != null) {
            return n.parentInvokeId();
        }
        boolean topLevel = n.parentNodeId() == null || n.parentNodeId().isEmpty();
        return topLevel && n.loopNodeId() == null ? workflowId : null;
    }

    /** The tracer wraps what a component throws in its component-execution error. */
    private JsonObject componentError(NodeFailed e) {
        String reason = e.message() == null ? e.code() : e.code() + ": " + e.message();
        return error(COMPONENT_ERROR_CODE, componentMessage(e.node(), reason));
    }

    private String componentMessage(NodeRef n, String reason) {
        return "component '" + n.nodeKey() + "' execute 'invoke' error, reason='" + reason + "', workflow='"
                + (workflowId == null ? "" : workflowId) + "'";
    }

    /** A failed attempt that is retried: {@code {attempt, code, message, retryInMs}} as the tracer's inner error. */
    private JsonObject retriedError(NodeRef n, JsonValue data) {
        String reason = data.toString();
        if (data instanceof JsonObject o) {
            String code = o.getString("code", "");
            String message = o.getString("message", "");
            reason = code.isEmpty() ? message : code + ": " + message;
        }
        return error(COMPONENT_ERROR_CODE, componentMessage(n, reason));
    }

    /**
     * What a node reports with traceError: its own integer {@code error_code} (or {@code code}) and
     * message when it gives them, else the tracer's workflow-execution error naming what it gave.
     */
    private JsonObject reportedError(JsonValue data) {
        if (data instanceof JsonObject o) {
            JsonValue code = o.containsKey("error_code") ? o.get("error_code") : o.get("code");
            if (code instanceof JsonNumber number && number.isIntegral()) {
                JsonValue message = o.get("message");
                return error(
                        number.intValue(),
                        message instanceof JsonString s ? s.getString() : String.valueOf(orNull(message)));
            }
        }
        String reason = data instanceof JsonString s ? s.getString() : data.toString();
        return error(
                WORKFLOW_ERROR_CODE,
                "workflow execution has error, error='" + reason + "', workflow='"
                        + (workflowId == null ? "" : workflowId) + "'");
    }

    private static JsonObject error(int code, String message) {
        return Jsons.object().add("error_code", code).add("message", message).build();
    }

    private OpenRun openRun(NodeRef n, Instant fallbackStart) {
        return open.computeIfAbsent(key(n), k -> {
            OpenRun run = new OpenRun();
            run.startTime = fallbackStart;
            return run;
        });
    }

    private OpenRun close(NodeRef n, Instant startTime) {
        OpenRun run = open.remove(key(n));
        if (run == null) {
            run = new OpenRun();
            run.startTime = startTime;
        }
        return run;
    }

    /** Concurrent loop iterations share the invoke id; the loop index tells their runs apart. */
    private static String key(NodeRef n) {
        return n.invokeId() + "#" + n.loopIndex();
    }

    private static JsonValue orNull(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    private static String time(Instant t) {
        return t == null ? null : ApiEvents.timestamp(t);
    }
}
