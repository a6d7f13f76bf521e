package io.aiworkflow.engine.node.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.aiworkflow.engine.catalog.ModelConfig;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.platform.BoundedMaps;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Builds LangChain4j clients for model configurations and keeps them: a client owns an HTTP client
 * and building one per call is wasteful. Keyed by the whole configuration, so an edited model gets a
 * fresh client. No client retries: the node's {@code retry} setting is the one retry policy.
 */
final class ChatModels {

    private static final int MAX_CACHED = 64;

    private record Key(ModelConfig config, Duration timeout, boolean streaming) {}

    private final Map<Key, Object> clients = BoundedMaps.of(MAX_CACHED);

    ChatModel blocking(ModelConfig config, Duration timeout) {
        return (ChatModel) cached(new Key(config, timeout, false));
    }

    StreamingChatModel streaming(ModelConfig config, Duration timeout) {
        return (StreamingChatModel) cached(new Key(config, timeout, true));
    }

    private Object cached(Key key) {
        return clients.computeIfAbsent(key, ChatModels::build);
    }

    private static Object build(Key key) {
        ModelConfig c = key.config();
        String provider = c.provider() == null ? "" : c.provider().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case ModelConfig.OPENAI ->
                key.streaming()
                        ? OpenAiStreamingChatModel.builder()
                                // waiting for the next chunk holds no thread
                                .httpClientBuilder(new AsyncSseHttpClient.Builder())
                                .baseUrl(c.baseUrl())
                                .apiKey(apiKey(c))
                                .modelName(c.modelName())
                                .timeout(key.timeout())
                                .build()
                        : OpenAiChatModel.builder()
                                .baseUrl(c.baseUrl())
                                .apiKey(apiKey(c))
                                .modelName(c.modelName())
                                .timeout(key.timeout())
                                .maxRetries(0)
                                .build();
            case ModelConfig.OLLAMA ->
                key.streaming()
                        ? OllamaStreamingChatModel.builder()
                                .baseUrl(c.baseUrl())
                                .modelName(c.modelName())
                                .timeout(key.timeout())
                                .build()
                        : OllamaChatModel.builder()
                                .baseUrl(c.baseUrl())
                                .modelName(c.modelName())
                                .timeout(key.timeout())
                                .maxRetries(0)
                                .build();
            default -> throw new NodeFailure(NodeErrors.LLM_ERROR, "unknown model provider '" + c.provider() + "'");
        };
    }

    /** OpenAI-compatible servers without auth still need some key for the client to build. */
    private static String apiKey(ModelConfig c) {
        return c.apiKey() == null || c.apiKey().isBlank() ? "none" : c.apiKey();
    }
}
