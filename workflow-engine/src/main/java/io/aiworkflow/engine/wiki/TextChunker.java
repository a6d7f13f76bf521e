package io.aiworkflow.engine.wiki;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document into chunks of at most {@code maxChars}, preferring paragraph, then sentence,
 * then word boundaries, with a small overlap so a sentence cut at a boundary is still findable.
 */
public final class TextChunker {

    private final int maxChars;
    private final int overlap;

    public TextChunker(int maxChars, int overlap) {
        if (maxChars < 50 || overlap < 0 || overlap >= maxChars / 2) {
            throw new IllegalArgumentException("maxChars >= 50 and overlap < maxChars / 2");
        }
        this.maxChars = maxChars;
        this.overlap = overlap;
    }

    public List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces(text.replace("\r\n", "\n").trim())) {
            if (current.length() > 0 && current.length() + 1 + piece.length() > maxChars) {
                chunks.add(current.toString().trim());
                String tail = current.length() > overlap ? current.substring(current.length() - overlap) : "";
                int space = tail.indexOf(' ');
                current = new StringBuilder(space >= 0 ? tail.substring(space + 1) : "");
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(piece);
        }
        if (!current.toString().isBlank()) {
            chunks.add(current.toString().trim());
        }
        return chunks;
    }

    /** Sentences (or hard-cut words for sentences longer than a chunk), in order. */
    private List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (String paragraph : text.split("\n\\s*\n")) {
            for (String sentence : paragraph.replace('\n', ' ').split("(?<=[.!?。！？])\\s+")) {
                String s = sentence.trim();
                while (s.length() > maxChars) {
                    int cut = s.lastIndexOf(' ', maxChars);
                    cut = cut <= 0 ? maxChars : cut;
                    pieces.add(s.substring(0, cut).trim());
                    s = s.substring(cut).trim();
                }
                if (!s.isEmpty()) {
                    pieces.add(s);
                }
            }
        }
        return pieces;
    }
}
