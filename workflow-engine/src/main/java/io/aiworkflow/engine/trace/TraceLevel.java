package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of a run an app's trace keeps (LLM prompts and answers are large): {@code none} no
 * frames, {@code steps} frames without payloads, {@code full} everything, with large payloads
 * truncated behind a marker (the lowercase word is the wire value, in the API and the app's row). Only traces are cut; the run's own data (history, results) is never
 * truncated.
 */
public enum TraceLevel {
    NONE,
    STEPS,
    FULL;

    /** Payload fields above this size (as JSON text) are replaced by a truncation marker. */
    public static final int MAX_PAYLOAD_CHARS = 16 * 1024;

    private static final String[] PAYLOAD_FIELDS = {"inputs", "outputs", "onInvokeData"};

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level a wire value names, in any case; empty for anything else. */
    public static Optional<TraceLevel> fromWire(String value) {
        return Arrays.stream(values())
                .filter(l -> l.wire().equalsIgnoreCase(value))
                .findFirst();
    }

    /** A stored level; {@code full} when there is none (apps from before levels existed). */
    public static TraceLevel parse(String value) {
        return fromWire(value).orElse(FULL);
    }

    /** The frame as this level keeps it, or empty when the level keeps no frames. */
    public Optional<JsonObject> apply(JsonObject frame) {
        if (this == NONE) {
            return Optional.empty();
        }
        if (!"tracer_workflow".equals(frame.getString("type", ""))) {
            // workflow_final: its payload is the run's result
            JsonValue result = frame.getOrDefault("payload", JsonValue.NULL);
            return Optional.of(withPayload(frame, this == STEPS ? JsonValue.NULL : truncated(result)));
        }
        JsonObject payload = frame.getJsonObject("payload");
        JsonObjectBuilder p = Jsons.object(payload);
        for (String field : PAYLOAD_FIELDS) {
            JsonValue value = payload.get(field);
            if (value == null || value == JsonValue.NULL) {
                continue;
            }
            if (this == STEPS) {
                p.add(field, JsonValue.NULL);
            } else {
                p.add(field, truncated(value));
            }
        }
        return Optional.of(withPayload(frame, p.build()));
    }

    /**
     * Appends the frame as this level stores it, as JSON text, to {@code out}; false (nothing
     * appended) at {@code none}. At {@code full} a frame whose whole text is within {@link
     * #MAX_PAYLOAD_CHARS} has no field to cut, so it is written once and stored as it is; only a
     * larger one goes through {@link #apply}.
     */
    public boolean appendTo(JsonObject frame, StringBuilder out) {
        if (this == NONE) {
            return false;
        }
        if (this == FULL) {
            int mark = out.length();
            Jsons.appendTo(frame, out);
            if (out.length() - mark <= MAX_PAYLOAD_CHARS) {
                return true;
            }
            out.setLength(mark);
        }
        Jsons.appendTo(apply(frame).orElseThrow(), out);
        return true;
    }

    static JsonValue truncated(JsonValue value) {
        String text = value.toString();
        if (text.length() <= MAX_PAYLOAD_CHARS) {
            return value;
        }
        return Jsons.object()
                .add("_truncated", true)
                .add("originalChars", text.length())
                .add("preview", text.substring(0, MAX_PAYLOAD_CHARS))
                .build();
    }

    private static JsonObject withPayload(JsonObject frame, JsonValue payload) {
        return Jsons.object(frame).add("payload", payload).build();
    }
}
