package io.aiworkflow.web.api.security;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.security.AdminService;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.HashMap;
import java.util.Map;

/** {@code /api/me}: who the caller is, and (signed-in users) changing one's own password. */
@ApplicationScoped
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class AccountResource {

    @Inject
    private AdminService admin;

    @Inject
    private CurrentCaller caller;

    @GET
    public Map<String, Object> me() {
        Caller c = caller.get();
        Map<String, Object> me = new HashMap<>();
        me.put("name", c.name());
        me.put("teamId", c.teamId());
        me.put("role", c.role().name());
        me.put("userId", c.userId());
        return me;
    }

    /** {@code {"currentPassword": "…", "newPassword": "…"}}; {@code PUT} does the same. */
    @POST
    @Path("password")
    public Map<String, Object> changePassword(String body) {
        JsonObject o = RequestBodies.object(body);
        admin.changeOwnPassword(
                caller.get(),
                JsonFields.string(o, "currentPassword", true, 200),
                JsonFields.string(o, "newPassword", true, 200));
        return Map.of("success", true);
    }

    @PUT
    @Path("password")
    public Map<String, Object> putPassword(String body) {
        return changePassword(body);
    }
}
