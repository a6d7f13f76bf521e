package io.aiworkflow.engine.catalog;

/**
 * A chat model from the registry. {@code provider} is {@code openai} (any OpenAI-compatible base URL)
 * or {@code ollama}; {@code apiKey} is already decrypted and may be null.
 */
public record ModelConfig(long id, String name, String provider, String baseUrl, String modelName, String apiKey) {

    public static final String OPENAI = "openai";
    public static final String OLLAMA = "ollama";

    @Override
    public String toString() {
        return "ModelConfig[id=" + id + ", name=" + name + ", provider=" + provider + ", baseUrl=" + baseUrl
                + ", modelName=" + modelName + "]";
    }
}
