package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import io.aiworkflow.web.delivery.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;

/**
 * {@code /api/app/workflow/execute}: with {@code Accept: text/event-stream} the
 * run's events stream as SSE; with {@code application/json} the call waits and returns the
 * instance, or with {@code ?async=true} answers 202 with the instance id at once. With
 * {@code streamModes=trace} (body field or query parameter) the stream also carries the
 * trace frames, each before the API event of the engine event that produced it, with that event's id.
 */
@ApplicationScoped
@Path("app/workflow/execute")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class ExecutionResource {

    @Inject
    private RunService runs;

    @Inject
    private InstanceStore instances;

    @Inject
    private CurrentCaller caller;

    @Inject
    private Deliveries deliveries;

    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    public void stream(
            String body,
            @QueryParam("streamModes") List<String> streamModes,
            @Context SseEventSink sink,
            @Context Sse sse) {
        ExecuteRequest request = ExecuteRequest.of(RequestBodies.object(body)).withQueryModes(streamModes);
        SseStreams.follow(
                runs.start(caller.get(), request.appId(), request.parameters(), RunOrigin.API, request.trace()),
                0,
                request.trace(),
                sink,
                sse,
                deliveries);
    }

    /**
     * Browsers' EventSource: GET with the parameters as JSON text; auth by session or access_token.
     * An EventSource reconnects by itself when its stream breaks (a restart, a run another server
     * took over), sending {@code Last-Event-ID}: that must not start the run a second time, so it is
     * answered 204, which ends the EventSource; the run goes on at {@code /instance/{id}/events}.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void streamForEventSource(
            @QueryParam("appId") String appId,
            @QueryParam("parameters") String parameters,
            @QueryParam("streamModes") List<String> streamModes,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink,
            @Context Sse sse) {
        if (lastEventId != null) {
            throw new WebApplicationException(Response.noContent().build());
        }
        ExecuteRequest request = ExecuteRequest.of(appId, parameters).withQueryModes(streamModes);
        SseStreams.follow(
                runs.start(caller.get(), request.appId(), request.parameters(), RunOrigin.API, request.trace()),
                0,
                request.trace(),
                sink,
                sse,
                deliveries);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public Response execute(String body, @QueryParam("async") boolean async, @QueryParam("timeoutMs") Long timeoutMs)
            throws InterruptedException {
        ExecuteRequest request = ExecuteRequest.of(RequestBodies.object(body));
        LiveRun run = async
                ? runs.start(caller.get(), request.appId(), request.parameters(), RunOrigin.API)
                : runs.startForAnswer(caller.get(), request.appId(), request.parameters(), RunOrigin.API);
        return RunAnswers.await(run, async, timeoutMs, instances, caller.get());
    }
}
