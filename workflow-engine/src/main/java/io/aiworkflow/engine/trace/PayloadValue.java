package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A payload field's value (a node's inputs or outputs, a run's result) whose JSON text is written
 * once, however many frames carry it: a node's inputs appear in its start frame and again in its
 * finish frame, a run's result in its finish frame and in {@code workflow_final}.
 */
final class PayloadValue {

    static final PayloadValue NULL = new PayloadValue(JsonValue.NULL);

    private final JsonValue value;

    /** Written on first use; a String is immutable, so a racing second write is harmless. */
    private String text;

    private PayloadValue(JsonValue value) {
        this.value = value;
    }

    static PayloadValue of(JsonValue value) {
        return value == null || value == JsonValue.NULL ? NULL : new PayloadValue(value);
    }

    /** What {@link TraceLevel} puts in a long value's place: {@code {_truncated, originalChars, preview}}. */
    boolean isTruncationMarker() {
        return value instanceof JsonObject o
                && o.size() == 3
                && JsonValue.TRUE.equals(o.get("_truncated"))
                && o.containsKey("originalChars")
                && o.containsKey("preview");
    }

    String text() {
        String t = text;
        if (t == null) {
            StringBuilder out = new StringBuilder();
            Jsons.appendTo(value, out);
            t = out.toString();
            text = t;
        }
        return t;
    }
}
