package io.aiworkflow.web.api.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** MoAI's run endpoint, {@code POST /api/workflow/execute}: runs an app's published version (see {@link MoaiRuns}). */
@ApplicationScoped
@Path("workflow")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class MoaiWorkflowResource {

    @Inject
    private MoaiRuns moai;

    @POST
    @Path("execute")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void execute(String body, @Context SseEventSink sink, @Context Sse sse) {
        moai.stream(body, sink, sse);
    }
}
