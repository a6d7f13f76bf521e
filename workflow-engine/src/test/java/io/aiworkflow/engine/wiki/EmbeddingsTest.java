package io.aiworkflow.engine.wiki;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real in-process model (all-MiniLM-L6-v2, quantized) that knowledge bases use. */
class EmbeddingsTest {

    @Test
    void relatedTextsScoreHigherThanUnrelatedOnes() {
        Embeddings embeddings = new Embeddings();
        Embeddings.Result result = embeddings.embed(List.of(
                "How do I reset my password?",
                "To reset your password, open the account page and choose Forgot password.",
                "Employees have 25 days of paid vacation per year."));
        assertEquals(3, result.vectors().size());
        assertEquals(384, result.vectors().get(0).length);
        assertTrue(result.tokens() > 0);
        double related =
                Embeddings.cosine(result.vectors().get(0), result.vectors().get(1));
        double unrelated =
                Embeddings.cosine(result.vectors().get(0), result.vectors().get(2));
        assertTrue(related > unrelated + 0.2, related + " vs " + unrelated);
        assertEquals(
                1.0, Embeddings.cosine(result.vectors().get(2), result.vectors().get(2)), 1e-5);
    }
}
