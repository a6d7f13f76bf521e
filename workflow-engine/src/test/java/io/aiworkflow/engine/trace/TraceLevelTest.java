package io.aiworkflow.engine.trace;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLevelTest {

    private static JsonObject frame(JsonValue outputs) {
        return Json.createObjectBuilder()
                .add("type", "tracer_workflow")
                .add(
                        "payload",
                        Json.createObjectBuilder()
                                .add("invokeId", "a")
                                .add("status", "finish")
                                .add("inputs", Json.createObjectBuilder().add("x", 1))
                                .add("outputs", outputs)
                                .add("onInvokeData", Json.createArrayBuilder()))
                .build();
    }

    @Test
    void noneKeepsNothingStepsDropsPayloadsFullKeepsThem() {
        JsonObject frame = frame(Json.createObjectBuilder().add("y", 2).build());
        assertTrue(TraceLevel.NONE.apply(frame).isEmpty());
        JsonObject steps = TraceLevel.STEPS.apply(frame).orElseThrow().getJsonObject("payload");
        assertEquals(JsonValue.NULL, steps.get("inputs"));
        assertEquals(JsonValue.NULL, steps.get("outputs"));
        assertEquals("finish", steps.getString("status"));
        assertEquals(frame, TraceLevel.FULL.apply(frame).orElseThrow());
    }

    @Test
    void fullTruncatesLargePayloadsWithAMarker() {
        String big = "z".repeat(TraceLevel.MAX_PAYLOAD_CHARS * 2);
        JsonObject outputs = TraceLevel.FULL
                .apply(frame(Json.createObjectBuilder().add("text", big).build()))
                .orElseThrow()
                .getJsonObject("payload")
                .getJsonObject("outputs");
        assertTrue(outputs.getBoolean("_truncated"));
        assertTrue(outputs.getInt("originalChars") > TraceLevel.MAX_PAYLOAD_CHARS * 2);
        assertEquals(TraceLevel.MAX_PAYLOAD_CHARS, outputs.getString("preview").length());
    }

    @Test
    void renderStoresWhatApplyKeeps() {
        JsonObject small = frame(Json.createObjectBuilder().add("y", 2).build());
        JsonObject large = frame(Json.createObjectBuilder()
                .add("text", "z".repeat(TraceLevel.MAX_PAYLOAD_CHARS + 1))
                .build());
        for (TraceLevel level : TraceLevel.values()) {
            for (JsonObject frame : new JsonObject[] {small, large}) {
                StringBuilder out = new StringBuilder("[");
                boolean kept = level.appendTo(frame, out);
                assertEquals(level.apply(frame).isPresent(), kept, level.wire());
                assertEquals(
                        "[" + level.apply(frame).map(JsonObject::toString).orElse(""), out.toString(), level.wire());
            }
        }
        StringBuilder out = new StringBuilder();
        TraceLevel.FULL.appendTo(large, out);
        assertTrue(out.toString().contains("\"_truncated\":true"));
    }

    @Test
    void unknownLevelsReadAsFull() {
        assertEquals(TraceLevel.FULL, TraceLevel.parse(null));
        assertEquals(TraceLevel.STEPS, TraceLevel.parse("STEPS"));
        assertEquals(TraceLevel.FULL, TraceLevel.parse("verbose"));
    }
}
