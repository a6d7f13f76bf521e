package io.aiworkflow.engine.wiki;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextChunkerTest {

    private final TextChunker chunker = new TextChunker(100, 20);

    @Test
    void shortTextIsOneChunk() {
        assertEquals(List.of("One sentence. Another one."), chunker.split("  One sentence.\nAnother one.  "));
    }

    @Test
    void longTextIsSplitAtSentenceBoundariesWithinTheLimit() {
        String text = "Alpha beta gamma delta epsilon. ".repeat(12);
        List<String> chunks = chunker.split(text);
        assertTrue(chunks.size() > 3, chunks.toString());
        for (String chunk : chunks) {
            assertTrue(chunk.length() <= 100 + 20, chunk.length() + ": " + chunk);
            assertTrue(chunk.startsWith("Alpha") || chunk.contains("epsilon."), chunk);
        }
    }

    @Test
    void aSentenceLongerThanAChunkIsCutAtWords() {
        String word = "word ";
        List<String> chunks = chunker.split(word.repeat(100));
        assertTrue(chunks.stream().allMatch(c -> c.length() <= 120), chunks.toString());
        assertTrue(chunks.stream().allMatch(c -> c.startsWith("word")), "no word is cut in half");
    }

    @Test
    void blankTextHasNoChunksAndBadSettingsAreRefused() {
        assertTrue(chunker.split("   \n\n ").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new TextChunker(10, 2));
        assertThrows(IllegalArgumentException.class, () -> new TextChunker(100, 60));
    }
}
