package io.aiworkflow.domain.model.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** An LLM endpoint a team's AiChat nodes may call; its API key is stored encrypted. */
@Entity
@Table(name = "ai_model")
public class AiModel extends RegistryEntry {

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String provider;

    @Column(name = "base_url", nullable = false)
    private String baseUrl;

    @Column(name = "model_name", nullable = false)
    private String modelName;

    @Column(name = "api_key_cipher")
    private String apiKeyCipher;

    protected AiModel() {}

    public AiModel(Long teamId, OffsetDateTime now) {
        super(teamId, now);
    }

    public void configure(String name, String provider, String baseUrl, String modelName, OffsetDateTime now) {
        this.name = name;
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.modelName = modelName;
        touch(now);
    }

    public void setApiKeyCipher(String apiKeyCipher) {
        this.apiKeyCipher = apiKeyCipher;
    }

    public String getName() {
        return name;
    }

    public String getProvider() {
        return provider;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public String getModelName() {
        return modelName;
    }

    public String getApiKeyCipher() {
        return apiKeyCipher;
    }
}
