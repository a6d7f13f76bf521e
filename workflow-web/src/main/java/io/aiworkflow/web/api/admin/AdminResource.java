package io.aiworkflow.web.api.admin;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.security.AdminService;
import io.aiworkflow.engine.security.AdminService.ApiKeyView;
import io.aiworkflow.engine.security.AdminService.TeamView;
import io.aiworkflow.engine.security.AdminService.UserView;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

/** Teams, users and API keys ({@code /api/admin/*}); admins only. */
@ApplicationScoped
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class AdminResource {

    @Inject
    private AdminService admin;

    @Inject
    private CurrentCaller caller;

    /** The key's value appears in this response only. */
    public record CreatedKey(long id, String name, long teamId, Role role, String prefix, String key) {}

    @POST
    @Path("teams")
    public Response createTeam(String body) {
        JsonObject o = RequestBodies.object(body);
        TeamView team = admin.createTeam(
                caller.get(), JsonFields.string(o, "name", true, 200).trim());
        return Response.status(Response.Status.CREATED).entity(team).build();
    }

    @GET
    @Path("teams")
    public List<TeamView> teams() {
        return admin.teams(caller.get());
    }

    @POST
    @Path("users")
    public Response createUser(String body) {
        JsonObject o = RequestBodies.object(body);
        UserView user = admin.createUser(
                caller.get(),
                JsonFields.string(o, "username", true, 200).trim(),
                JsonFields.string(o, "password", true, 200),
                JsonFields.longValue(o, "teamId", false),
                role(o));
        return Response.status(Response.Status.CREATED).entity(user).build();
    }

    @GET
    @Path("users")
    public List<UserView> users() {
        return admin.users(caller.get());
    }

    /** {@code {"disabled": true|false}}: a disabled user cannot sign in. */
    @PUT
    @Path("users/{id}/disabled")
    public UserView setDisabled(@PathParam("id") long id, String body) {
        JsonObject o = RequestBodies.object(body);
        return admin.setUserDisabled(caller.get(), id, JsonFields.bool(o, "disabled", true));
    }

    /** {@code {"password": "…"}}: an admin sets a user's password. */
    @PUT
    @Path("users/{id}/password")
    public Map<String, Object> resetPassword(@PathParam("id") long id, String body) {
        JsonObject o = RequestBodies.object(body);
        admin.resetPassword(caller.get(), id, JsonFields.string(o, "password", true, 200));
        return Map.of("success", true);
    }

    /** {@code {"role": "admin|editor|viewer"}}; the user's sessions end, the next sign-in has the new role. */
    @PUT
    @Path("users/{id}/role")
    public UserView setRole(@PathParam("id") long id, String body) {
        JsonObject o = RequestBodies.object(body);
        if (!o.containsKey("role")) {
            throw WorkflowException.validation("role", "is required");
        }
        return admin.setRole(caller.get(), id, role(o));
    }

    @POST
    @Path("users/{id}/disable")
    public UserView disable(@PathParam("id") long id) {
        return admin.setUserDisabled(caller.get(), id, true);
    }

    @POST
    @Path("users/{id}/enable")
    public UserView enable(@PathParam("id") long id) {
        return admin.setUserDisabled(caller.get(), id, false);
    }

    /**
     * {@code {"password": "…"}} sets that password; without one, a random password is made and
     * returned in this response only, for the admin to pass on.
     */
    @POST
    @Path("users/{id}/reset-password")
    public Map<String, Object> resetPasswordTo(@PathParam("id") long id, String body) {
        JsonObject o = body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : RequestBodies.object(body);
        String given = JsonFields.string(o, "password", false, 200);
        String password = given == null ? AdminService.randomPassword() : given;
        admin.resetPassword(caller.get(), id, password);
        return given == null ? Map.of("success", true, "password", password) : Map.of("success", true);
    }

    @POST
    @Path("api-keys")
    public Response createKey(String body) {
        JsonObject o = RequestBodies.object(body);
        var created = admin.createApiKey(
                caller.get(),
                JsonFields.string(o, "name", true, 200).trim(),
                JsonFields.longValue(o, "teamId", false),
                role(o));
        ApiKeyView k = created.key();
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedKey(k.id(), k.name(), k.teamId(), k.role(), k.prefix(), created.value()))
                .build();
    }

    @GET
    @Path("api-keys")
    public List<ApiKeyView> keys() {
        return admin.apiKeys(caller.get());
    }

    @DELETE
    @Path("api-keys/{id}")
    public ApiKeyView revoke(@PathParam("id") long id) {
        return admin.revokeApiKey(caller.get(), id);
    }

    private static Role role(JsonObject o) {
        String name = JsonFields.string(o, "role", false, 20);
        if (name == null) {
            return Role.editor;
        }
        return Role.parse(name)
                .orElseThrow(() -> WorkflowException.validation("role", "must be admin, editor or viewer"));
    }
}
