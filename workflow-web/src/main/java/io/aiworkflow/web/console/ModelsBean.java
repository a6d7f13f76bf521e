package io.aiworkflow.web.console;

import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.registry.ModelRegistry.ModelSpec;
import io.aiworkflow.engine.registry.ModelRegistry.ModelView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * The registries page's models: list, add, change, delete. The API key is write-only: it is never
 * shown, only replaced (an empty field keeps the stored key).
 */
@Named
@ViewScoped
public class ModelsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ModelRegistry models;

    @Inject
    private ConsoleUser user;

    private List<ModelView> rows;
    /** the model being edited; null for a new one */
    private Long editing;

    private String name;
    private String provider = "openai";
    private String baseUrl;
    private String modelName;
    private String apiKey;

    public List<ModelView> getRows() {
        if (rows == null) {
            rows = ConsoleMessages.readOr(() -> models.list(user.caller()), List.of());
        }
        return rows;
    }

    public void startNew() {
        editing = null;
        name = null;
        provider = "openai";
        baseUrl = null;
        modelName = null;
        apiKey = null;
    }

    public void startEdit(ModelView m) {
        editing = m.modelId();
        name = m.name();
        provider = m.provider();
        baseUrl = m.baseUrl();
        modelName = m.modelName();
        apiKey = null;
    }

    public void save() {
        try {
            String key = apiKey == null || apiKey.isEmpty() ? null : apiKey;
            ModelSpec spec = new ModelSpec(name, provider, baseUrl, modelName, key, null);
            if (editing == null) {
                models.create(user.caller(), spec);
                ConsoleMessages.info("Added model '" + name + "'");
            } else {
                models.update(user.caller(), editing, spec);
                ConsoleMessages.info("Saved model '" + name + "'" + (key == null ? "" : "; its key was replaced"));
            }
            rows = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        } finally {
            apiKey = null;
        }
    }

    public void delete(ModelView m) {
        try {
            models.delete(user.caller(), m.modelId());
            ConsoleMessages.info("Deleted model '" + m.name() + "'");
            rows = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public boolean isEditing() {
        return editing != null;
    }

    public List<String> getProviders() {
        return List.of("openai", "ollama");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getModelName() {
        return modelName;
    }

    public void setModelName(String modelName) {
        this.modelName = modelName;
    }

    /** Always empty when shown: the stored key never comes back. */
    public String getApiKey() {
        return null;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }
}
