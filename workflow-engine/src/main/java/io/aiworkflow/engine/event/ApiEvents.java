package io.aiworkflow.engine.event;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The API event projection (the REST API's execution events): an engine event as the JSON an SSE client
 * gets, plus {@code instanceId} on every event. Engine events with no API form (start of the run,
 * custom trace data) give nothing; their sequence numbers simply do not appear as SSE ids.
 */
public final class ApiEvents {

    private ApiEvents() {}

    public static Optional<JsonObject> toJson(EngineEvent event) {
        JsonObjectBuilder b;
        if (event instanceof NodeStarted e) {
            b = node("node_start", e.instanceId(), e.node());
        } else if (event instanceof NodeFinished e) {
            b = node("node_complete", e.instanceId(), e.node())
                    .add("output", e.outputs())
                    .add("duration", e.durationMs());
            if (e.branch() != null) {
                b.add("branch", e.branch());
            }
            if (!e.usage().isZero()) {
                b.add("usage", usage(e.usage()));
            }
            if (e.isReused()) {
                b.add("reusedFrom", e.reusedFrom());
            }
        } else if (event instanceof NodeFailed e) {
            b = node("node_error", e.instanceId(), e.node())
                    .add("error", error(e.code(), e.message()))
                    .add("handled", e.handled())
                    .add("duration", e.durationMs());
        } else if (event instanceof NodeSkipped e) {
            b = node("node_skipped", e.instanceId(), e.node());
        } else if (event instanceof WaitingForHuman e) {
            b = node("workflow_waiting", e.instanceId(), e.node())
                    .add("inputs", e.inputs())
                    .add("assignees", e.assignees() == null ? JsonValue.NULL : e.assignees())
                    .add("timeoutMs", e.timeoutMs());
        } else if (event instanceof NodeStreamed e) {
            b = node("node_stream", e.instanceId(), e.node()).add("chunk", e.chunk());
        } else if (event instanceof WorkflowFinished e) {
            b = Jsons.object()
                    .add("type", "workflow_complete")
                    .add("instanceId", e.instanceId())
                    .add("result", e.result())
                    .add("duration", e.durationMs())
                    .add("usage", usage(e.usage()));
        } else if (event instanceof WorkflowFailed e) {
            b = Jsons.object()
                    .add("type", "workflow_error")
                    .add("instanceId", e.instanceId())
                    .add("error", error(e.code(), e.message()))
                    .add("duration", e.durationMs());
        } else if (event instanceof WorkflowCanceled e) {
            b = Jsons.object()
                    .add("type", "workflow_error")
                    .add("instanceId", e.instanceId())
                    .add("error", error("CANCELED", "the run was canceled"))
                    .add("duration", e.durationMs());
        } else {
            return Optional.empty();
        }
        return Optional.of(b.add("timestamp", timestamp(event.timestamp())).build());
    }

    private static JsonObjectBuilder node(String type, String instanceId, NodeRef node) {
        JsonObjectBuilder b = Jsons.object()
                .add("type", type)
                .add("instanceId", instanceId)
                .add("nodeKey", node.nodeKey())
                .add("nodeName", node.nodeName())
                .add("nodeType", node.nodeType());
        if (!node.invokeId().equals(node.nodeKey())) {
            b.add("invokeId", node.invokeId());
        }
        if (node.loopIndex() != null) {
            b.add("loopIndex", node.loopIndex());
        }
        return b;
    }

    static JsonObject error(String code, String message) {
        return Jsons.object()
                .add("code", code)
                .add("message", message == null ? code : message)
                .build();
    }

    public static JsonObject usage(TokenUsage u) {
        return Jsons.object()
                .add("promptTokens", u.promptTokens())
                .add("completionTokens", u.completionTokens())
                .add("totalTokens", u.totalTokens())
                .add("embeddingTokens", u.embeddingTokens())
                .add("rerankTokens", u.rerankTokens())
                .build();
    }

    private static final long FIRST_SECOND_OF_YEAR_0 = -62_167_219_200L;
    private static final long LAST_SECOND_OF_YEAR_9999 = 253_402_300_799L;

    /**
     * The instant to the millisecond in ISO-8601 UTC, exactly as {@link Instant#toString()} writes it
     * once truncated to milliseconds ({@code 2026-12-04T12:10:52.123Z}, no fraction when it is zero).
     * Every event and trace frame carries timestamps, and the JDK's formatter costs several times
     * more than writing the digits, so years 0 to 9999 are written here.
     */
    public static String timestamp(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_0 || seconds > LAST_SECOND_OF_YEAR_9999) {
            return instant.truncatedTo(ChronoUnit.MILLIS).toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int millis = instant.getNano() / 1_000_000;
        char[] c = new char[millis == 0 ? 20 : 24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        if (millis != 0) {
            c[19] = '.';
            digits(c, 20, millis, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
