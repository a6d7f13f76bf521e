package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.JsonMembers;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's events as its persisted trace keeps them: of each event that makes a frame, only what
 * {@link TraceFrameProjector} reads, written as compact JSON at the run's trace level (payloads cut
 * as the frames cut them, none at {@code steps}). The frames themselves are projected when a trace is
 * read: a run's 27 frames repeat each node's inputs and a score of members per frame, and writing
 * them as it ran cost the server about a tenth of its throughput, where these facts cost a few
 * microseconds.
 *
 * <p>Each event is an object whose {@code e} names its kind ({@code ws} workflow started, {@code rr}
 * run resumed, {@code ns} node started, {@code nt} node traced, {@code wh} waiting for a person,
 * {@code nf} node finished, {@code ne} node failed, {@code wf} workflow finished, {@code wx} failed,
 * {@code wc} canceled, {@code wo} handed over) and {@code t} its time in epoch milliseconds (frames
 * carry times to the millisecond); a node is {@code n}: {@code {k, y, i, pi, ln, li, pn}} for its key,
 * type, invoke id (when not its key), parent invoke id, loop node, loop index and parent node.
 */
public final class TracedEvents {

    /** The events that make frames, by the name the trace stores each kind under. */
    private static final Map<Class<? extends EngineEvent>, String> KINDS = Map.ofEntries(
            Map.entry(WorkflowStarted.class, "ws"),
            Map.entry(RunResumed.class, "rr"),
            Map.entry(NodeStarted.class, "ns"),
            Map.entry(NodeTraced.class, "nt"),
            Map.entry(WaitingForHuman.class, "wh"),
            Map.entry(NodeFinished.class, "nf"),
            Map.entry(NodeFailed.class, "ne"),
            Map.entry(WorkflowFinished.class, "wf"),
            Map.entry(WorkflowFailed.class, "wx"),
            Map.entry(WorkflowCanceled.class, "wc"),
            Map.entry(RunHandedOver.class, "wo"));

    private TracedEvents() {}

    /** One stored row: events as {@link #append} wrote them at {@code level}, joined in a JSON array. */
    public record Row(TraceLevel level, String events) {}

    /**
     * Appends the event as the trace keeps it at {@code level} (not none) to a JSON array being
     * written into {@code out}, after a comma unless it is the array's first; {@code appName} is
     * the workflow's name that the run's frames carry. Returns false for an event that makes no
     * frame, leaving {@code out} as it was.
     */
    public static boolean append(EngineEvent event, TraceLevel level, String appName, StringBuilder out) {
        String kind = KINDS.get(event.getClass());
        if (kind == null) {
            return false;
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) != '[') {
            out.append(',');
        }
        JsonMembers m = JsonMembers.openOmittingNulls(out).string("e", kind).number("t", millis(event.timestamp()));
        if (event instanceof WorkflowStarted e) {
            m.string("app", e.appId()).number("v", e.version()).string("name", appName);
            payload(m, "p", e.parameters(), level);
        } else if (event instanceof RunResumed e) {
            m.string("app", e.appId())
                    .number("v", e.version())
                    .string("name", appName)
                    .number("since", millis(e.startedAt()));
        } else if (event instanceof NodeStarted e) {
            node(m, e.node());
            payload(m, "i", e.inputs(), level);
        } else if (event instanceof NodeTraced e) {
            node(m, e.node()).string("kind", e.kind().name());
            // an error's data make its frame's error, which every level keeps
            if (level == TraceLevel.FULL || e.error()) {
                m.value("d", e.data());
            }
        } else if (event instanceof WaitingForHuman e) {
            node(m, e.node());
            payload(m, "i", e.inputs(), level);
        } else if (event instanceof NodeFinished e) {
            node(m, e.node()).number("st", millis(e.startTime())).string("from", e.reusedFrom());
            if (e.isReused()) {
                payload(m, "i", e.inputs(), level);
            }
            payload(m, "o", e.outputs(), level);
        } else if (event instanceof NodeFailed e) {
            node(m, e.node())
                    .number("st", millis(e.startTime()))
                    .string("code", e.code())
                    .string("msg", e.message());
        } else if (event instanceof WorkflowFinished e) {
            payload(m, "r", e.result(), level);
        }
        m.close();
        return true;
    }

    /** The frames of a run's stored rows, in order, each row's at its level. */
    public static List<JsonObject> frames(String instanceId, List<Row> rows) {
        List<List<JsonObject>> parsed = new ArrayList<>();
        String appName = "";
        for (Row row : rows) {
            List<JsonObject> events = Jsons.parse(row.events()).asJsonArray().getValuesAs(JsonObject.class);
            parsed.add(events);
            for (JsonObject e : events) {
                if (e.containsKey("name") && appName.isEmpty()) {
                    appName = e.getString("name");
                }
            }
        }
        TraceFrameProjector projector = new TraceFrameProjector(appName);
        List<JsonObject> frames = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TraceLevel level = rows.get(i).level();
            for (JsonObject e : parsed.get(i)) {
                for (TraceFrame frame : projector.frames(event(instanceId, e))) {
                    frames.add(frame.toJson(level));
                }
            }
        }
        return frames;
    }

    /** The event as the projector needs it: what it does not read is left empty. */
    private static EngineEvent event(String id, JsonObject e) {
        Instant t = time(e, "t");
        return switch (e.getString("e")) {
            case "ws" -> new WorkflowStarted(0, id, t, e.getString("app"), e.getInt("v"), object(e, "p"), null);
            case "rr" -> new RunResumed(0, id, t, e.getString("app"), e.getInt("v"), time(e, "since"), 0, null);
            case "ns" -> new NodeStarted(0, id, t, node(e), object(e, "i"));
            case "nt" ->
                new NodeTraced(
                        0,
                        id,
                        t,
                        node(e),
                        e.getOrDefault("d", JsonValue.NULL),
                        NodeTraced.Kind.valueOf(e.getString("kind")));
            case "wh" -> new WaitingForHuman(0, id, t, node(e), object(e, "i"), null, 0);
            case "nf" ->
                new NodeFinished(
                        0,
                        id,
                        t,
                        node(e),
                        object(e, "i"),
                        object(e, "o"),
                        time(e, "st"),
                        0,
                        TokenUsage.NONE,
                        null,
                        1,
                        e.getString("from", null));
            case "ne" ->
                new NodeFailed(
                        0,
                        id,
                        t,
                        node(e),
                        null,
                        e.getString("code", null),
                        e.getString("msg", null),
                        time(e, "st"),
                        0,
                        false,
                        1);
            case "wf" -> new WorkflowFinished(0, id, t, object(e, "r"), 0, TokenUsage.NONE);
            case "wx" -> new WorkflowFailed(0, id, t, null, null, 0, TokenUsage.NONE);
            case "wc" -> new WorkflowCanceled(0, id, t, 0, TokenUsage.NONE);
            case "wo" -> new RunHandedOver(0, id, t);
            default -> throw new IllegalArgumentException("not a traced event: " + e);
        };
    }

    private static JsonMembers node(JsonMembers m, NodeRef n) {
        StringBuilder out = m.name("n");
        JsonMembers.openOmittingNulls(out)
                .string("k", n.nodeKey())
                .string("y", n.nodeType())
                .string("i", n.invokeId().equals(n.nodeKey()) ? null : n.invokeId())
                .string("pi", n.parentInvokeId())
                .string("ln", n.loopNodeId())
                .number("li", n.loopIndex() == null ? null : Long.valueOf(n.loopIndex()))
                .string("pn", n.parentNodeId())
                .close();
        return m;
    }

    private static NodeRef node(JsonObject e) {
        JsonObject n = e.getJsonObject("n");
        String key = n.getString("k");
        return new NodeRef(
                key,
                null,
                n.getString("y"),
                n.getString("i", key),
                n.getString("pi", null),
                n.getString("ln", null),
                n.get("li") instanceof JsonNumber index ? index.intValue() : null,
                n.getString("pn", null),
                null);
    }

    /** A payload as the frames keep it at {@code level}: cut when long, left out at steps. */
    private static void payload(JsonMembers m, String name, JsonValue value, TraceLevel level) {
        if (level == TraceLevel.FULL && value != null && value != JsonValue.NULL) {
            level.appendPayload(PayloadValue.of(value), m.name(name));
        }
    }

    private static JsonObject object(JsonObject e, String name) {
        return e.get(name) instanceof JsonObject o ? o : null;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant time(JsonObject e, String name) {
        return e.get(name) instanceof JsonNumber n ? Instant.ofEpochMilli(n.longValue()) : null;
    }
}
