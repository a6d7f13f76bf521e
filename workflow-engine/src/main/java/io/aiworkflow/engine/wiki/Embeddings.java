package io.aiworkflow.engine.wiki;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The in-process embedding model (all-MiniLM-L6-v2, quantized, 384 dimensions) shipped as a Maven
 * artifact: no network, no external service. Loaded on first use; thread-safe.
 */
@ApplicationScoped
public class Embeddings {

    private volatile EmbeddingModel model;

    /** Vectors for the texts, in order, and the tokens the model consumed. */
    public record Result(List<float[]> vectors, long tokens) {}

    public Result embed(List<String> texts) {
        Response<List<Embedding>> response =
                model().embedAll(texts.stream().map(TextSegment::from).toList());
        Integer tokens =
                response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
        return new Result(response.content().stream().map(Embedding::vector).toList(), tokens == null ? 0 : tokens);
    }

    private EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                }
                current = model;
            }
        }
        return current;
    }

    /** Cosine similarity; the model's vectors are not normalised, so divide by both norms. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
