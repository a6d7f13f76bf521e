package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.model.registry.AiModel;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.catalog.ModelCatalog;
import io.aiworkflow.engine.catalog.ModelConfig;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.plugin.OutboundTargetGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/** The team's LLM models. API keys go in encrypted and never come out through a view. */
@ApplicationScoped
public class ModelRegistry extends TeamScopedRegistry<AiModel, ModelRegistry.ModelSpec, ModelRegistry.ModelView>
        implements ModelCatalog {

    private static final Set<String> PROVIDERS = Set.of("openai", "ollama");

    public ModelRegistry() {
        super(AiModel.class, ErrorCode.MODEL_NOT_FOUND, "model");
    }

    public record ModelSpec(
            String name, String provider, String baseUrl, String modelName, String apiKey, Long teamId) {}

    public record ModelView(
            long modelId,
            long teamId,
            String name,
            String provider,
            String baseUrl,
            String modelName,
            boolean hasApiKey,
            OffsetDateTime createTime,
            OffsetDateTime updateTime) {}

    @Override
    protected AiModel newEntry(long teamId, OffsetDateTime now) {
        return new AiModel(teamId, now);
    }

    @Override
    protected Long requestedTeam(ModelSpec spec) {
        return spec.teamId();
    }

    /**
     * Runs on the engine's node threads: inside a transaction of its own, since the container's
     * entity manager used without one from a non-request thread intermittently failed in EclipseLink.
     */
    @Override
    public Optional<ModelConfig> find(long teamId, long modelId) {
        AiModel m = ofTeam(teamId, modelId);
        if (m == null) {
            return Optional.empty();
        }
        return Optional.of(new ModelConfig(
                m.getId(),
                m.getName(),
                m.getProvider(),
                m.getBaseUrl(),
                m.getModelName(),
                cipher.decrypt(m.getApiKeyCipher())));
    }

    @Override
    protected void apply(AiModel model, ModelSpec spec) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw WorkflowException.validation("name", "is required");
        }
        if (!PROVIDERS.contains(spec.provider())) {
            throw WorkflowException.validation("provider", "must be openai or ollama");
        }
        if (spec.baseUrl() == null || !spec.baseUrl().matches("https?://.+")) {
            throw WorkflowException.validation("baseUrl", "must be an http(s) URL");
        }
        if (spec.modelName() == null || spec.modelName().isBlank()) {
            throw WorkflowException.validation("modelName", "is required");
        }
        checkTarget(spec.baseUrl().trim());
        String apiKey = SecretRules.clean("apiKey", spec.apiKey());
        SecretRules.requireAgainWhenMoved(
                "apiKey",
                model.getApiKeyCipher() != null,
                apiKey,
                destination(model.getProvider(), model.getBaseUrl()),
                destination(spec.provider(), spec.baseUrl()));
        model.configure(
                spec.name().trim(),
                spec.provider(),
                spec.baseUrl().trim(),
                spec.modelName().trim(),
                time.now());
        if (apiKey != null) {
            model.setApiKeyCipher(apiKey.isEmpty() ? null : cipher.encrypt(apiKey));
        }
    }

    /** Where the model's key goes: the provider and the base URL's origin. */
    private static String destination(String provider, String baseUrl) {
        return baseUrl == null ? null : provider + " " + SecretRules.origin(baseUrl);
    }

    /** The model's server must be outside the platform's own network, as a plugin's (it receives the key). */
    private static void checkTarget(String baseUrl) {
        try {
            OutboundTargetGuard.fromEnvironment().check(URI.create(baseUrl));
        } catch (IllegalArgumentException e) {
            throw WorkflowException.validation("baseUrl", "is not a valid URL");
        } catch (NodeFailure e) {
            throw WorkflowException.validation("baseUrl", e.getMessage());
        }
    }

    @Override
    protected ModelView view(AiModel m) {
        return new ModelView(
                m.getId(),
                m.getTeamId(),
                m.getName(),
                m.getProvider(),
                m.getBaseUrl(),
                m.getModelName(),
                m.getApiKeyCipher() != null,
                m.getCreatedAt(),
                m.getUpdatedAt());
    }
}
