package io.aiworkflow.engine.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeflatedTextTest {

    @Test
    void textsDeflatedOneAfterAnotherOnOneThreadEachInflateToThemselves() {
        // the thread's compressor is reused: what one text left in it must not reach the next
        String[] texts = {
            "[{\"n\":1,\"text\":\"ünïcødé ✓\"}]",
            "",
            "x".repeat(1_000_000),
            "[{\"n\":2}]",
            "{\"frames\":[" + "{\"node\":\"start\",\"status\":\"end\"},".repeat(500) + "{}]}"
        };
        for (String text : texts) {
            assertEquals(text, DeflatedText.inflate(DeflatedText.deflate(text)));
        }
    }

    @Test
    void repeatedFramesShrinkManyTimes() {
        String frames =
                "[" + "{\"instanceId\":\"6f08a659\",\"node\":\"llm_1\",\"status\":\"end\"},".repeat(200) + "{}]";
        assertTrue(DeflatedText.deflate(frames).length * 10 < frames.length());
    }
}
