package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.JsonMembers;
import io.aiworkflow.domain.shared.Jsons;
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

    /**
     * Appends a payload field's value (a node's inputs, outputs or invoke data, a run's result) as
     * this level keeps it: {@code null} at {@code steps}; at {@code full} the value, or when its
     * text is longer than {@link #MAX_PAYLOAD_CHARS} a marker with its length and its beginning.
     */
    public void appendPayload(JsonValue value, StringBuilder out) {
        if (this != FULL || value == null) {
            out.append("null");
            return;
        }
        int mark = out.length();
        Jsons.appendTo(value, out);
        int chars = out.length() - mark;
        if (chars <= MAX_PAYLOAD_CHARS) {
            return;
        }
        String preview = out.substring(mark, mark + MAX_PAYLOAD_CHARS);
        out.setLength(mark);
        appendTruncated(preview, chars, out);
    }

    /** As {@link #appendPayload(JsonValue, StringBuilder)}, with the value's text written once for every frame. */
    void appendPayload(PayloadValue value, StringBuilder out) {
        if (this != FULL) {
            out.append("null");
            return;
        }
        String text = value.text();
        // a stored trace keeps its payloads cut already: a marker is not cut again when read
        if (text.length() <= MAX_PAYLOAD_CHARS || value.isTruncationMarker()) {
            out.append(text);
        } else {
            appendTruncated(text.substring(0, MAX_PAYLOAD_CHARS), text.length(), out);
        }
    }

    private static void appendTruncated(String preview, int chars, StringBuilder out) {
        JsonMembers.open(out)
                .value("_truncated", JsonValue.TRUE)
                .number("originalChars", chars)
                .string("preview", preview)
                .close();
    }
}
