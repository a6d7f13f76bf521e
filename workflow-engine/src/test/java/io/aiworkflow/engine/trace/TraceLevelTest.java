package io.aiworkflow.engine.trace;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLevelTest {

    /** What the level writes for the payload, the same whether its text is written per frame or once per run. */
    private static String written(TraceLevel level, JsonValue payload) {
        StringBuilder out = new StringBuilder();
        level.appendPayload(payload, out);
        StringBuilder once = new StringBuilder();
        level.appendPayload(PayloadValue.of(payload), once);
        assertEquals(out.toString(), once.toString());
        return out.toString();
    }

    /** A payload whose JSON text is {@code chars} long. */
    private static JsonObject payloadOf(int chars) {
        String text = "z".repeat(chars - "{\"text\":\"\"}".length());
        return Json.createObjectBuilder().add("text", text).build();
    }

    @Test
    void stepsWritesNoPayloadFullWritesItAsItIs() {
        JsonObject payload = Json.createObjectBuilder()
                .add("x", 1)
                .add("text", "say \"hi\"\n")
                .add("list", Json.createArrayBuilder().add(2.5).addNull())
                .build();
        assertEquals("null", written(TraceLevel.STEPS, payload));
        assertEquals("null", written(TraceLevel.STEPS, JsonValue.EMPTY_JSON_ARRAY));
        assertEquals(payload.toString(), written(TraceLevel.FULL, payload));
        assertEquals("null", written(TraceLevel.FULL, JsonValue.NULL));
        assertEquals("null", written(TraceLevel.FULL, null));
    }

    @Test
    void fullTruncatesLargePayloadsWithAMarker() {
        JsonObject big = payloadOf(TraceLevel.MAX_PAYLOAD_CHARS * 2);
        JsonObject marker = Json.createReader(new StringReader(written(TraceLevel.FULL, big)))
                .readObject();
        assertTrue(marker.getBoolean("_truncated"));
        assertEquals(TraceLevel.MAX_PAYLOAD_CHARS * 2, marker.getInt("originalChars"));
        assertEquals(big.toString().substring(0, TraceLevel.MAX_PAYLOAD_CHARS), marker.getString("preview"));
    }

    @Test
    void aPayloadAtTheLimitIsKeptOneCharacterMoreIsCut() {
        JsonObject atLimit = payloadOf(TraceLevel.MAX_PAYLOAD_CHARS);
        assertEquals(atLimit.toString(), written(TraceLevel.FULL, atLimit));
        assertTrue(written(TraceLevel.FULL, payloadOf(TraceLevel.MAX_PAYLOAD_CHARS + 1))
                .startsWith("{\"_truncated\":true,"));
    }

    @Test
    void unknownLevelsReadAsFull() {
        assertEquals(TraceLevel.FULL, TraceLevel.parse(null));
        assertEquals(TraceLevel.STEPS, TraceLevel.parse("STEPS"));
        assertEquals(TraceLevel.FULL, TraceLevel.parse("verbose"));
    }
}
