package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.WorkflowFinished;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one run's engine events, fed in sequence order, into trace frames. Stateful per
 * run: it remembers each open node run's start and the custom trace data reported so far (the
 * {@code running} frames carry it accumulated). Not thread-safe; one instance per run.
 *
 * <p>Per event: {@code NodeStarted} → {@code start}; {@code NodeTraced} → {@code running} (or, for
 * traceError, the node's own {@code error} frame); {@code NodeFinished} → {@code finish};
 * {@code NodeFailed} → the node's own {@code error} frame (unless it already reported one with
 * traceError) and the framework's wrapped {@code error} frame; {@code WorkflowFinished} →
 * {@code workflow_final}. Other events give no frame.
 */
public final class TraceFrameProjector {

    /** The error code trace frames use for "a component failed while executing". */
    public static final int COMPONENT_ERROR_CODE = 100005;

    private static final class OpenRun {
        Instant startTime;
        JsonValue inputs = JsonValue.NULL;
        final List<JsonValue> onInvokeData = new ArrayList<>();
        boolean reportedError;
    }

    private final Map<String, OpenRun> open = new HashMap<>();

    /** All frames of a run's events, in order. */
    public static List<JsonObject> project(List<? extends EngineEvent> events) {
        TraceFrameProjector projector = new TraceFrameProjector();
        List<JsonObject> frames = new ArrayList<>();
        for (EngineEvent e : events) {
            frames.addAll(projector.frames(e));
        }
        return frames;
    }

    /** The frames this event produces (none, one, or two for a failing node). */
    public List<JsonObject> frames(EngineEvent event) {
        if (event instanceof NodeStarted e) {
            OpenRun run = new OpenRun();
            run.startTime = e.timestamp();
            run.inputs = orNull(e.inputs());
            open.put(key(e.node()), run);
            return List.of(frame(e, e.node(), run, JsonValue.NULL, null, JsonValue.NULL, "start"));
        }
        if (event instanceof NodeTraced e) {
            OpenRun run = openRun(e.node(), e.timestamp());
            if (e.error()) {
                run.reportedError = true;
                return List.of(frame(e, e.node(), run, JsonValue.NULL, e.timestamp(), tracedError(e.data()), "error"));
            }
            run.onInvokeData.add(e.data() == null ? JsonValue.NULL : e.data());
            return List.of(frame(e, e.node(), run, JsonValue.NULL, null, JsonValue.NULL, "running"));
        }
        if (event instanceof NodeFinished e) {
            OpenRun run = close(e.node(), e.startTime());
            return List.of(frame(e, e.node(), run, orNull(e.outputs()), e.timestamp(), JsonValue.NULL, "finish"));
        }
        if (event instanceof NodeFailed e) {
            OpenRun run = close(e.node(), e.startTime());
            JsonObject wrapped = Jsons.object()
                    .add("error_code", COMPONENT_ERROR_CODE)
                    .add(
                            "message",
                            "component [" + e.node().nodeKey() + "] encountered an exception while executing"
                                    + " ability [invoke], error detail: [" + e.code() + "] " + e.message())
                    .build();
            JsonObject last = frame(e, e.node(), run, JsonValue.NULL, e.timestamp(), wrapped, "error");
            if (run.reportedError) {
                return List.of(last);
            }
            JsonObject own = Jsons.object()
                    .add("error_code", e.code())
                    .add("message", e.message() == null ? e.code() : e.message())
                    .build();
            return List.of(frame(e, e.node(), run, JsonValue.NULL, e.timestamp(), own, "error"), last);
        }
        if (event instanceof WorkflowFinished e) {
            open.clear();
            return List.of(Jsons.object()
                    .add("type", "workflow_final")
                    .add("index", 0)
                    .add("payload", Jsons.object().add("output", orNull(e.result())))
                    .build());
        }
        if (event.isTerminal()) {
            open.clear();
        }
        return List.of();
    }

    private JsonObject frame(
            EngineEvent e, NodeRef n, OpenRun run, JsonValue outputs, Instant endTime, JsonValue error, String status) {
        JsonArrayBuilder data = Jsons.array();
        run.onInvokeData.forEach(data::add);
        JsonObjectBuilder p = Jsons.object()
                .add("traceId", e.instanceId())
                .add("startTime", time(run.startTime))
                .add("endTime", time(endTime))
                .add("inputs", run.inputs)
                .add("outputs", outputs)
                .add("error", error)
                .add("invokeId", n.invokeId())
                .add("parentInvokeId", text(n.parentInvokeId()))
                .add("executionId", e.instanceId())
                .add("onInvokeData", data)
                .add("componentId", n.nodeKey())
                .add("componentName", n.nodeName() == null ? "" : n.nodeName())
                .add("componentType", n.nodeType())
                .add("loopNodeId", text(n.loopNodeId()))
                .add(
                        "loopIndex",
                        n.loopIndex() == null
                                ? JsonValue.NULL
                                : Jsons.provider().createValue(n.loopIndex()))
                .add("parentNodeId", n.parentNodeId() == null ? "" : n.parentNodeId())
                .add("status", status);
        return Jsons.object().add("type", "tracer_workflow").add("payload", p).build();
    }

    /** traceError data as the frame's {@code error}: {error_code, message} taken from code/message when present. */
    private static JsonObject tracedError(JsonValue data) {
        if (data instanceof JsonObject o && (o.containsKey("error_code") || o.containsKey("code"))) {
            JsonValue code = o.containsKey("error_code") ? o.get("error_code") : o.get("code");
            JsonValue message = o.get("message");
            return Jsons.object()
                    .add("error_code", code)
                    .add("message", message == null ? JsonValue.NULL : message)
                    .build();
        }
        String message = data instanceof JsonString s ? s.getString() : String.valueOf(data);
        return Jsons.object()
                .add("error_code", "NODE_ERROR")
                .add("message", message)
                .build();
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

    private static JsonValue text(String s) {
        return s == null ? JsonValue.NULL : Jsons.provider().createValue(s);
    }

    private static JsonValue time(Instant t) {
        return t == null ? JsonValue.NULL : Jsons.provider().createValue(ApiEvents.timestamp(t));
    }
}
