package io.aiworkflow.web.api.retention;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.retention.RetentionPolicy;
import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionService.AppRetention;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Set;

/**
 * How long an app's runs are kept: {@code {keepDays, keepRuns}}, each null for no limit. Without
 * a policy of its own an app follows the platform default.
 */
@ApplicationScoped
@Path("app/{appId}/retention")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class AppRetentionResource {

    private static final Set<String> FIELDS = Set.of("keepDays", "keepRuns");

    @Inject
    private RetentionService retention;

    @Inject
    private CurrentCaller caller;

    @GET
    public AppRetention get(@PathParam("appId") String appId) {
        return retention.of(caller.get(), appId);
    }

    /** The app's own policy; both limits null keeps every run of it whatever the default. */
    @PUT
    public AppRetention set(@PathParam("appId") String appId, String body) {
        JsonObject o = RequestBodies.object(body);
        for (String field : o.keySet()) {
            if (!FIELDS.contains(field)) {
                throw WorkflowException.validation(field, "unknown field: a policy has keepDays and keepRuns");
            }
        }
        return retention.set(
                caller.get(),
                appId,
                new RetentionPolicy(
                        JsonFields.intValue(o, "keepDays", false), JsonFields.intValue(o, "keepRuns", false)));
    }

    /** The app follows the platform default again. */
    @DELETE
    public AppRetention clear(@PathParam("appId") String appId) {
        return retention.clear(caller.get(), appId);
    }
}
