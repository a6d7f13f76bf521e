package io.aiworkflow.engine.catalog;

import java.util.List;
import java.util.Optional;

/** Knowledge-base search for Wiki nodes; empty when the team has no such knowledge base. */
public interface WikiCatalog {

    Optional<WikiSearch> search(long teamId, long wikiId, String query, int topK, double minScore);

    /** One matching chunk of a document. */
    record WikiHit(String text, double score, long documentId, String title, int chunkIndex) {}

    /** The best chunks, best first, and the tokens embedding the query cost. */
    record WikiSearch(String wikiName, List<WikiHit> hits, long embeddingTokens) {}
}
