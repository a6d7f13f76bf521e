package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.model.registry.AiModel;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.catalog.ModelCatalog;
import io.aiworkflow.engine.catalog.ModelConfig;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The team's LLM models. API keys go in encrypted and never come out through a view. */
@ApplicationScoped
@Transactional
public class ModelRegistry implements ModelCatalog {

    private static final Set<String> PROVIDERS = Set.of("openai", "ollama");

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private SecretCipher cipher;

    @Inject
    private TimeSource time;

    public record ModelSpec(String name, String provider, String baseUrl, String modelName, String apiKey, Long teamId) {
    }

    public record ModelView(long modelId, long teamId, String name, String provider, String baseUrl, String modelName,
                            boolean hasApiKey, OffsetDateTime createTime, OffsetDateTime updateTime) {
    }

    public ModelView create(Caller caller, ModelSpec spec) {
        AccessPolicy.requireWrite(caller);
        AiModel model = new AiModel(AccessPolicy.teamFor(caller, spec.teamId()), time.now());
        apply(model, spec);
        em.persist(model);
        em.flush();
        return view(model);
    }

    public ModelView update(Caller caller, long id, ModelSpec spec) {
        AccessPolicy.requireWrite(caller);
        AiModel model = visible(caller, id);
        apply(model, spec);
        return view(model);
    }

    public void delete(Caller caller, long id) {
        AccessPolicy.requireWrite(caller);
        em.remove(visible(caller, id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ModelView get(Caller caller, long id) {
        return view(visible(caller, id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ModelView> list(Caller caller) {
        return em.createQuery("select m from AiModel m where m.teamId = :t order by m.id", AiModel.class)
                .setParameter("t", caller.teamId()).getResultList().stream().map(ModelRegistry::view).toList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ModelConfig> find(long teamId, long modelId) {
        AiModel m = em.find(AiModel.class, modelId);
        if (m == null || m.getTeamId() != teamId) {
            return Optional.empty();
        }
        return Optional.of(new ModelConfig(m.getId(), m.getName(), m.getProvider(), m.getBaseUrl(), m.getModelName(),
                cipher.decrypt(m.getApiKeyCipher())));
    }

    private void apply(AiModel model, ModelSpec spec) {
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
        model.configure(spec.name().trim(), spec.provider(), spec.baseUrl().trim(), spec.modelName().trim(), time.now());
        if (spec.apiKey() != null) {
            model.setApiKeyCipher(spec.apiKey().isEmpty() ? null : cipher.encrypt(spec.apiKey()));
        }
    }

    private AiModel visible(Caller caller, long id) {
        AiModel m = em.find(AiModel.class, id);
        if (m == null || !AccessPolicy.canSee(caller, m.getTeamId())) {
            throw new WorkflowException(ErrorCode.MODEL_NOT_FOUND, "no model with id " + id);
        }
        return m;
    }

    private static ModelView view(AiModel m) {
        return new ModelView(m.getId(), m.getTeamId(), m.getName(), m.getProvider(), m.getBaseUrl(), m.getModelName(),
                m.getApiKeyCipher() != null, m.getCreatedAt(), m.getUpdatedAt());
    }
}
