package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews;
import io.aiworkflow.engine.history.RunDiff;
import io.aiworkflow.engine.history.RunFilter;
import io.aiworkflow.engine.history.RunSort;
import io.aiworkflow.engine.history.TraceStore;
import io.aiworkflow.engine.replay.ReplayService;
import io.aiworkflow.engine.replay.ReplayService.ReplayRequest;
import io.aiworkflow.engine.runs.LiveRuns;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.status.StatusService;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.QueryParams;
import io.aiworkflow.web.api.support.RequestBodies;
import io.aiworkflow.web.delivery.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.Map;

/** Execution history: detail, paged list, event replay, cancel. */
@ApplicationScoped
@Path("app/workflow/instance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class InstanceResource {

    @Inject
    private InstanceStore instances;

    @Inject
    private LiveRuns liveRuns;

    @Inject
    private RunService runs;

    @Inject
    private CurrentCaller caller;

    @Inject
    private Deliveries deliveries;

    @Inject
    private TraceStore traces;

    @Inject
    private StatusService statuses;

    @Inject
    private ReplayService replays;

    /**
     * Replays an ended run from {@code fromNodeKey} as a new run (see {@link ReplayService}):
     * {@code ?dryRun=true} answers the plan; otherwise the same modes as execute (SSE, JSON wait, async).
     */
    @POST
    @Path("{id}/replay")
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    public void replayStream(
            @PathParam("id") String id,
            String body,
            @QueryParam("streamModes") List<String> streamModes,
            @Context SseEventSink sink,
            @Context Sse sse) {
        ReplayRequest request = ReplayBody.of(RequestBodies.object(body), streamModes, false);
        follow(replays.replay(caller.get(), id, request, false), request, sink, sse);
    }

    @POST
    @Path("{id}/replay")
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public Response replay(
            @PathParam("id") String id,
            String body,
            @QueryParam("dryRun") boolean dryRun,
            @QueryParam("async") boolean async,
            @QueryParam("timeoutMs") Long timeoutMs)
            throws InterruptedException {
        ReplayService.Started started =
                replays.replay(caller.get(), id, ReplayBody.of(RequestBodies.object(body), null, false), dryRun);
        return answer(started, dryRun, async, timeoutMs);
    }

    /** Replays a failed, canceled or interrupted run from every node that did not complete. */
    @POST
    @Path("{id}/retry")
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    public void retryStream(
            @PathParam("id") String id,
            String body,
            @QueryParam("streamModes") List<String> streamModes,
            @Context SseEventSink sink,
            @Context Sse sse) {
        ReplayRequest request = ReplayBody.of(optional(body), streamModes, true);
        follow(replays.retry(caller.get(), id, request, false), request, sink, sse);
    }

    @POST
    @Path("{id}/retry")
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public Response retry(
            @PathParam("id") String id,
            String body,
            @QueryParam("dryRun") boolean dryRun,
            @QueryParam("async") boolean async,
            @QueryParam("timeoutMs") Long timeoutMs)
            throws InterruptedException {
        ReplayService.Started started =
                replays.retry(caller.get(), id, ReplayBody.of(optional(body), null, true), dryRun);
        return answer(started, dryRun, async, timeoutMs);
    }

    private void follow(ReplayService.Started started, ReplayRequest request, SseEventSink sink, Sse sse) {
        SseStreams.follow(started.run(), 0, request.traceFrames(), sink, sse, deliveries);
    }

    /** A dry run's plan, or the started run answered as execute answers. */
    private Response answer(ReplayService.Started started, boolean dryRun, boolean async, Long timeoutMs)
            throws InterruptedException {
        return dryRun
                ? Response.ok(ReplayPlanJson.of(started.plan())).build()
                : RunAnswers.await(started.run(), async, timeoutMs, instances, caller.get());
    }

    private static JsonObject optional(String body) {
        return RequestBodies.optionalObject(body).orElse(Jsons.EMPTY_OBJECT);
    }

    @GET
    @Path("{id}")
    public InstanceViews.Instance get(@PathParam("id") String id) {
        return instances.get(caller.get(), id);
    }

    /** What differs between two runs of the same app (see {@link RunDiff}). */
    @GET
    @Path("{a}/diff/{b}")
    public JsonObject diff(@PathParam("a") String a, @PathParam("b") String b) {
        InstanceViews.Instance left = instances.get(caller.get(), a);
        InstanceViews.Instance right = instances.get(caller.get(), b);
        if (!left.appId().equals(right.appId())) {
            throw WorkflowException.validation("b", "run " + b + " is of another app than run " + a);
        }
        return RunDiff.between(left, right);
    }

    /** The run's trace frames as persisted: {@code {instanceId, frames:[…]}}. */
    @GET
    @Path("{id}/trace")
    public JsonObject trace(@PathParam("id") String id) {
        return traces.trace(caller.get(), id);
    }

    /** The run's status report: nodeKey → {id, status, terminated, startTime, endTime, timeCost, snapshots}. */
    @GET
    @Path("{id}/status")
    public JsonObject status(@PathParam("id") String id) {
        return statuses.status(caller.get(), id);
    }

    @GET
    public InstanceViews.Page list(
            @QueryParam("appId") String appId,
            @QueryParam("state") String state,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("version") Integer version,
            @QueryParam("errorCode") String errorCode,
            @QueryParam("nodeKey") String failedNode,
            @QueryParam("replayOf") String replayOf,
            @QueryParam("scheduleId") String scheduleId,
            @QueryParam("q") String search,
            @QueryParam("sort") String sort,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("after") String after) {
        return instances.list(
                caller.get(),
                new RunFilter(
                        appId,
                        state,
                        version,
                        QueryParams.instant("from", from),
                        QueryParams.instant("to", to),
                        errorCode,
                        failedNode,
                        replayOf,
                        scheduleId,
                        search),
                RunSort.parse(sort),
                page == null ? 1 : page,
                pageSize == null ? 20 : pageSize,
                after);
    }

    /**
     * Replays a run's events after {@code Last-Event-ID} and, while it runs on this server, follows
     * it live; for a finished run the stream ends after the recorded terminal event.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(
            @PathParam("id") String id,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParam,
            @Context SseEventSink sink,
            @Context Sse sse) {
        instances.stateOf(caller.get(), id);
        long after = parseSeq(lastEventId != null ? lastEventId : lastEventIdParam);
        var live = liveRuns.find(id);
        if (live.isPresent()) {
            // a run resumed after a restart holds only its new events: the earlier ones come from history
            long resumedAfter = live.get().resumedAfter();
            if (after < resumedAfter) {
                for (InstanceViews.StoredEvent e : instances.eventsAfter(id, after)) {
                    if (e.seq() <= resumedAfter) {
                        SseStreams.send(sink, sse, e.seq(), Jsons.write(e.payload()));
                    }
                }
                after = resumedAfter;
            }
            SseStreams.follow(live.get(), after, false, sink, sse, deliveries);
            return;
        }
        try (sink) {
            for (InstanceViews.StoredEvent e : instances.eventsAfter(id, after)) {
                SseStreams.send(sink, sse, e.seq(), Jsons.write(e.payload()));
            }
        }
    }

    @POST
    @Path("{id}/cancel")
    public Map<String, Object> cancel(@PathParam("id") String id) {
        runs.cancel(caller.get(), id);
        return Map.of("success", true, "instanceId", id);
    }

    /** Answers a run waiting for human confirmation: {@code {nodeKey, approved, inputs?}}. */
    @POST
    @Path("{id}/confirm")
    public Map<String, Object> confirm(@PathParam("id") String id, String body) {
        JsonObject request = RequestBodies.object(body);
        String nodeKey = JsonFields.string(request, "nodeKey", true, 1000);
        Boolean approved = JsonFields.bool(request, "approved", true);
        JsonValue inputs = request.get("inputs");
        JsonObject edited = null;
        if (!JsonFields.isAbsent(inputs)) {
            if (!(inputs instanceof JsonObject o)) {
                throw JsonFields.wrongType("inputs", "a JSON object");
            }
            edited = o;
        }
        runs.confirm(caller.get(), id, nodeKey, approved, edited);
        return Map.of("success", true, "instanceId", id, "nodeKey", nodeKey, "approved", approved);
    }

    private static long parseSeq(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw WorkflowException.validation("Last-Event-ID", "must be a number");
        }
    }
}
