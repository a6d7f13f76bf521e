package io.aiworkflow.engine.event;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;

import java.io.Writer;

/**
 * Size bounds on what events carry. Every projection (history, streams, traces, debug channel)
 * holds and sends each event, so one huge value would cost memory and bandwidth many times over:
 * a node's output may be at most {@value #MAX_OUTPUT_CHARS} characters of JSON (a larger one fails
 * the node), and inputs shown in events are replaced by a marker past {@value #MAX_SHOWN_CHARS}.
 */
public final class Payloads {

    public static final int MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
    public static final int MAX_SHOWN_CHARS = 1024 * 1024;
    private static final int PREVIEW_CHARS = 2_000;

    private Payloads() {}

    /** True when the value's JSON text has at most {@code maxChars} characters; stops counting past it. */
    public static boolean fits(JsonValue value, int maxChars) {
        Counter counter = new Counter(maxChars);
        try (JsonWriter writer = Jsons.provider().createWriter(counter)) {
            writer.write(value);
        } catch (JsonException | IllegalStateException tooLong) {
            return !counter.over;
        }
        return !counter.over;
    }

    /**
     * The value to show in an event: itself, or past {@value #MAX_SHOWN_CHARS} characters
     * {@code {"truncated": true, "preview": "<its first characters>"}}.
     */
    public static JsonObject shown(JsonObject value) {
        if (value == null || fits(value, MAX_SHOWN_CHARS)) {
            return value;
        }
        String text = value.toString();
        return Jsons.object()
                .add("truncated", true)
                .add("chars", text.length())
                .add("preview", text.substring(0, PREVIEW_CHARS))
                .build();
    }

    /** Counts characters and gives up (throws) once past the limit. */
    private static final class Counter extends Writer {
        private final long limit;
        private long count;
        boolean over;

        Counter(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            count(len);
        }

        @Override
        public void write(String str, int off, int len) {
            count(len);
        }

        private void count(int len) {
            count += len;
            if (count > limit) {
                over = true;
                throw new IllegalStateException("past the limit");
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
