package io.aiworkflow.web.api.registry;

import io.aiworkflow.engine.registry.TeamScopedRegistry;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * The REST shape every registry shares: {@code POST} creates (201), {@code GET} lists the team's
 * entries, {@code GET/PUT/DELETE /{id}} read, change and remove one. A registry resource names its
 * service, how a body becomes a spec, and the id field of its delete answer.
 */
public abstract class RegistryResource<S, V> {

    @Inject
    protected CurrentCaller caller;

    protected abstract TeamScopedRegistry<?, S, V> registry();

    protected abstract S spec(JsonObject body);

    protected abstract String idField();

    @POST
    public Response create(String body) {
        return Response.status(Response.Status.CREATED)
                .entity(registry().create(caller.get(), spec(RequestBodies.object(body))))
                .build();
    }

    @GET
    public List<V> list() {
        return registry().list(caller.get());
    }

    @GET
    @Path("{id}")
    public V get(@PathParam("id") long id) {
        return registry().get(caller.get(), id);
    }

    @PUT
    @Path("{id}")
    public V update(@PathParam("id") long id, String body) {
        return registry().update(caller.get(), id, spec(RequestBodies.object(body)));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("id") long id) {
        registry().delete(caller.get(), id);
        return Map.of("success", true, idField(), id);
    }
}
