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

/**
 * The run button of MoAI's workflow editor: {@code debug_workflow}, its backend's name, and
 * {@code debug}, the name its page posts to. Both run the app's published version, as MoAI's own
 * backend does (see {@link MoaiRuns}).
 */
@ApplicationScoped
@Path("team/workflowapp")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class MoaiEditorResource {

    @Inject
    private MoaiRuns moai;

    @POST
    @Path("debug_workflow")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void debugWorkflow(String body, @Context SseEventSink sink, @Context Sse sse) {
        moai.stream(body, sink, sse);
    }

    @POST
    @Path("debug")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void debug(String body, @Context SseEventSink sink, @Context Sse sse) {
        moai.stream(body, sink, sse);
    }
}
