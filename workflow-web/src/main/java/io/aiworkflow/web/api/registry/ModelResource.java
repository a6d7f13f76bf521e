package io.aiworkflow.web.api.registry;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.registry.ModelRegistry.ModelSpec;
import io.aiworkflow.engine.registry.ModelRegistry.ModelView;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** The team's LLM models ({@code /api/app/model}); the API key is write-only. */
@Path("app/model")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class ModelResource {

    @Inject
    private ModelRegistry models;

    @Inject
    private CurrentCaller caller;

    @POST
    public Response create(String body) {
        return Response.status(Response.Status.CREATED).entity(models.create(caller.get(), spec(body))).build();
    }

    @GET
    public List<ModelView> list() {
        return models.list(caller.get());
    }

    @GET
    @Path("{id}")
    public ModelView get(@PathParam("id") long id) {
        return models.get(caller.get(), id);
    }

    @PUT
    @Path("{id}")
    public ModelView update(@PathParam("id") long id, String body) {
        return models.update(caller.get(), id, spec(body));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("id") long id) {
        models.delete(caller.get(), id);
        return Map.of("success", true, "modelId", id);
    }

    private static ModelSpec spec(String body) {
        JsonObject o = RequestBodies.object(body);
        return new ModelSpec(JsonFields.string(o, "name", true, 200), JsonFields.string(o, "provider", true, 20),
                JsonFields.string(o, "baseUrl", true, 2000), JsonFields.string(o, "modelName", true, 200),
                JsonFields.string(o, "apiKey", false, 4000), JsonFields.longValue(o, "teamId", false));
    }
}
