package io.aiworkflow.web.api.registry;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.registry.PluginRegistry;
import io.aiworkflow.engine.registry.PluginRegistry.PluginSpec;
import io.aiworkflow.engine.registry.PluginRegistry.PluginView;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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

/**
 * The team's HTTP plugins ({@code /api/app/plugin}): {@code url} and {@code bodyTemplate} with
 * {@code {{field}}} holes, {@code headers} (where {@code {{secret}}} stands for the secret),
 * {@code inputFields}, and a write-only {@code secret}.
 */
@Path("app/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class PluginResource {

    @Inject
    private PluginRegistry plugins;

    @Inject
    private CurrentCaller caller;

    @POST
    public Response create(String body) {
        return Response.status(Response.Status.CREATED).entity(plugins.create(caller.get(), spec(body))).build();
    }

    @GET
    public List<PluginView> list() {
        return plugins.list(caller.get());
    }

    @GET
    @Path("{id}")
    public PluginView get(@PathParam("id") long id) {
        return plugins.get(caller.get(), id);
    }

    @PUT
    @Path("{id}")
    public PluginView update(@PathParam("id") long id, String body) {
        return plugins.update(caller.get(), id, spec(body));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("id") long id) {
        plugins.delete(caller.get(), id);
        return Map.of("success", true, "pluginId", id);
    }

    private static PluginSpec spec(String body) {
        JsonObject o = RequestBodies.object(body);
        String url = JsonFields.string(o, "url", false, 4000);
        if (url == null) {
            url = JsonFields.string(o, "urlTemplate", true, 4000);
        }
        return new PluginSpec(JsonFields.string(o, "name", true, 200), JsonFields.string(o, "description", false, 2000),
                JsonFields.string(o, "method", false, 10), url, object(o, "headers"),
                JsonFields.string(o, "bodyTemplate", false, 100_000), JsonFields.string(o, "authHeaderName", false, 200),
                JsonFields.string(o, "secret", false, 4000), array(o, "inputFields"), JsonFields.longValue(o, "teamId", false));
    }

    private static JsonObject object(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (JsonFields.isAbsent(v)) {
            return null;
        }
        if (v instanceof JsonObject object) {
            return object;
        }
        throw JsonFields.wrongType(field, "an object");
    }

    private static JsonArray array(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (JsonFields.isAbsent(v)) {
            return null;
        }
        if (v instanceof JsonArray array) {
            return array;
        }
        throw JsonFields.wrongType(field, "an array");
    }
}
