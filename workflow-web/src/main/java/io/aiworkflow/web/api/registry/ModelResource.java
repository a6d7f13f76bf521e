package io.aiworkflow.web.api.registry;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.registry.ModelRegistry.ModelSpec;
import io.aiworkflow.engine.registry.ModelRegistry.ModelView;
import io.aiworkflow.engine.registry.TeamScopedRegistry;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The team's LLM models ({@code /api/app/model}); the API key is write-only. */
@Path("app/model")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class ModelResource extends RegistryResource<ModelSpec, ModelView> {

    @Inject
    private ModelRegistry models;

    @Override
    protected TeamScopedRegistry<?, ModelSpec, ModelView> registry() {
        return models;
    }

    @Override
    protected String idField() {
        return "modelId";
    }

    @Override
    protected ModelSpec spec(JsonObject o) {
        return new ModelSpec(
                JsonFields.string(o, "name", true, 200),
                JsonFields.string(o, "provider", true, 20),
                JsonFields.string(o, "baseUrl", true, 2000),
                JsonFields.string(o, "modelName", true, 200),
                JsonFields.string(o, "apiKey", false, 4000),
                JsonFields.longValue(o, "teamId", false));
    }
}
