package io.aiworkflow.engine.node.wiki;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.catalog.WikiCatalog;
import io.aiworkflow.engine.catalog.WikiCatalog.WikiHit;
import io.aiworkflow.engine.catalog.WikiCatalog.WikiSearch;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;

/**
 * Searches a knowledge base: inputs {@code wikiId}, {@code query}, {@code topK} (5, at most 50),
 * {@code minScore} (0); output {@code documents [{text, score, documentId, title, chunkIndex}]} and
 * the embedding tokens the query cost. The hits and scores are reported as trace data.
 */
@ApplicationScoped
public class WikiNode implements NodeBehavior {

    private WikiCatalog wikis;

    public WikiNode() {}

    public WikiNode(WikiCatalog wikis) {
        this.wikis = wikis;
    }

    @Inject
    void setWikis(WikiCatalog wikis) {
        this.wikis = wikis;
    }

    @Override
    public NodeType type() {
        return NodeType.Wiki;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        long wikiId = in.input("wikiId").map(v -> NodeInput.asLong(v, -1)).orElse(-1L);
        String query = in.string("query")
                .filter(q -> !q.isBlank())
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "the 'query' input is required"));
        int topK = (int) Math.max(1, Math.min(50, in.number("topK").orElse(5.0)));
        double minScore = in.number("minScore").orElse(0.0);
        WikiSearch result = wikis.search(ctx.teamId(), wikiId, query, topK, minScore)
                .orElseThrow(() -> new NodeFailure("WIKI_NOT_FOUND", "no knowledge base with id " + wikiId));
        JsonArrayBuilder documents = Jsons.array();
        JsonArrayBuilder traced = Jsons.array();
        for (WikiHit hit : result.hits()) {
            documents.add(Jsons.object()
                    .add("text", hit.text())
                    .add("score", hit.score())
                    .add("documentId", hit.documentId())
                    .add("title", hit.title())
                    .add("chunkIndex", hit.chunkIndex()));
            traced.add(Jsons.object()
                    .add("title", hit.title())
                    .add("chunkIndex", hit.chunkIndex())
                    .add("score", hit.score()));
        }
        ctx.trace(Jsons.object()
                .add("wiki", result.wikiName())
                .add("hits", traced)
                .build());
        TokenUsage usage = new TokenUsage(0, 0, 0, result.embeddingTokens(), 0);
        return new NodeOutput(
                Jsons.object()
                        .add("documents", documents)
                        .add("usage", Jsons.object().add("embeddingTokens", result.embeddingTokens()))
                        .build(),
                usage,
                null);
    }
}
