package io.aiworkflow.web.api.retention;

import io.aiworkflow.engine.retention.RetentionPolicy;
import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionStore.Pass;
import io.aiworkflow.web.api.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The retention job ({@code /api/admin/retention}), for admins: the platform default, the latest
 * passes, and a pass started now rather than at night.
 */
@ApplicationScoped
@Path("admin/retention")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class RetentionPassResource {

    @Inject
    private RetentionService retention;

    @Inject
    private CurrentCaller caller;

    public record Overview(RetentionPolicy platformDefault, List<Pass> passes) {}

    @GET
    public Overview overview() {
        List<Pass> passes = retention.recent(caller.get());
        return new Overview(retention.platformDefault(), passes);
    }

    /** {@code 202} with the pass, which goes on in the background; {@code 409} while one is under way. */
    @POST
    @Path("run")
    public Response run() {
        return Response.accepted(retention.start(caller.get())).build();
    }

    @GET
    @Path("passes/{id}")
    public Pass pass(@PathParam("id") long id) {
        return retention.pass(caller.get(), id);
    }
}
