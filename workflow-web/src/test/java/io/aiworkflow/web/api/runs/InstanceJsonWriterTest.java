package io.aiworkflow.web.api.runs;

import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run written by {@link InstanceJsonWriter} is, byte for byte, what JSON-B (the server's default
 * for every other answer) writes for the same record: clients see one form whichever wrote it.
 */
class InstanceJsonWriterTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 4, 8, 26, 2, 643_519_000, ZoneOffset.UTC);

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static String written(Instance instance) {
        return InstanceJsonWriter.write(instance);
    }

    private static NodeExecution node(String key, RunError error, String branch, String reusedFrom, String iteration) {
        return new NodeExecution(
                "3e33e0b9-07fb-3505-b375-d8f1b7ebb245",
                key,
                key + "-invoke",
                "Node \"" + key + "\" ✓",
                "AiChat",
                error == null ? "Completed" : "Failed",
                T0,
                error == null ? T0.plusNanos(1_500_000) : null,
                error == null ? 1L : null,
                json("{\"text\":\"hello\\nworld\",\"n\":[1,2.5,null,true]}"),
                error == null ? json("{\"answer\":\"ok\"}") : null,
                error,
                2,
                branch,
                new Tokens(10, 20, 30, 4, 5),
                reusedFrom,
                iteration);
    }

    @Test
    void aRunWithEveryFieldIsWrittenAsJsonBWritesIt() {
        Instance instance = new Instance(
                "6f08a659-9ad4-4881-bc1f-65f7ea34f104",
                "ca44e1a3-9b24-46e5-b029-1a5449ec08e0",
                42,
                "design-1",
                3,
                "Failed",
                T0,
                T0.plusSeconds(2),
                2000L,
                json("{\"name\":\"bench\",\"deep\":{\"a\":[{}]}}"),
                json("{\"answer\":\"hello\"}"),
                new RunError("MODEL_ERROR", "the model said \"no\""),
                new Tokens(1, 2, 3, 0, 0),
                "key:bootstrap",
                "replayed-run",
                "bulk-1",
                "repeated-run",
                "schedule-1",
                T0.minusHours(1),
                List.of(
                        node("start", null, null, null, null),
                        node("ask", null, "yes", "earlier-node", "2.3"),
                        node("call", new RunError("TIMEOUT", "took too long"), null, null, null)));

        assertEquals(JSONB.toJson(instance), written(instance));
    }

    @Test
    void aRunThatHasNotEndedLeavesOutWhatItDoesNotHaveAsJsonBDoes() {
        Instance running = new Instance(
                "id-2",
                "app-2",
                7,
                null,
                1,
                "Running",
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)),
                null,
                null,
                JsonValue.EMPTY_JSON_OBJECT,
                null,
                null,
                new Tokens(0, 0, 0, 0, 0),
                null,
                null,
                null,
                null,
                null,
                null,
                List.of());

        assertEquals(JSONB.toJson(running), written(running));
    }
}
