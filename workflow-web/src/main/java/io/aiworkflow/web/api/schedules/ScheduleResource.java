package io.aiworkflow.web.api.schedules;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.engine.schedule.FiringState;
import io.aiworkflow.engine.schedule.ScheduleService;
import io.aiworkflow.engine.schedule.ScheduleViews.Firing;
import io.aiworkflow.engine.schedule.ScheduleViews.FiringPage;
import io.aiworkflow.engine.schedule.ScheduleViews.PreviewTime;
import io.aiworkflow.engine.schedule.ScheduleViews.Schedule;
import io.aiworkflow.engine.schedule.ScheduleViews.SchedulePage;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An app's schedules. A schedule fires its app's runs at the times its cron expression or
 * interval gives in its time zone; every scheduled time gets a firing record saying what happened
 * to it.
 */
@ApplicationScoped
@Path("app/{appId}/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class ScheduleResource {

    @Inject
    private ScheduleService schedules;

    @Inject
    private CurrentCaller caller;

    @POST
    public Response create(@PathParam("appId") String appId, String body, @Context UriInfo uri) {
        Schedule created = schedules.create(caller.get(), appId, RequestBodies.object(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    public SchedulePage list(
            @PathParam("appId") String appId,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return schedules.list(caller.get(), appId, page == null ? 1 : page, pageSize == null ? 20 : pageSize);
    }

    /** The next times of a definition not saved yet, as a form shows them while it is typed. */
    @POST
    @Path("preview")
    public List<PreviewTime> previewDefinition(
            @PathParam("appId") String appId, @QueryParam("count") Integer count, String body) {
        return schedules.preview(caller.get(), appId, RequestBodies.object(body), count == null ? 10 : count);
    }

    @GET
    @Path("{id}")
    public Schedule get(@PathParam("appId") String appId, @PathParam("id") String id) {
        return schedules.get(caller.get(), appId, id);
    }

    @PUT
    @Path("{id}")
    public Schedule replace(@PathParam("appId") String appId, @PathParam("id") String id, String body) {
        return schedules.replace(caller.get(), appId, id, RequestBodies.object(body));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("appId") String appId, @PathParam("id") String id) {
        schedules.delete(caller.get(), appId, id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/pause")
    public Schedule pause(@PathParam("appId") String appId, @PathParam("id") String id) {
        return schedules.pause(caller.get(), appId, id);
    }

    @POST
    @Path("{id}/resume")
    public Schedule resume(@PathParam("appId") String appId, @PathParam("id") String id) {
        return schedules.resume(caller.get(), appId, id);
    }

    /** Fires now, under the overlap policy: the firing answered says whether a run started. */
    @POST
    @Path("{id}/run-now")
    public Firing runNow(@PathParam("appId") String appId, @PathParam("id") String id) {
        return schedules.runNow(caller.get(), appId, id);
    }

    @GET
    @Path("{id}/firings")
    public FiringPage firings(
            @PathParam("appId") String appId,
            @PathParam("id") String id,
            @QueryParam("state") String state,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return schedules.firings(
                caller.get(), appId, id, state(state), page == null ? 1 : page, pageSize == null ? 50 : pageSize);
    }

    @GET
    @Path("{id}/preview")
    public List<PreviewTime> preview(
            @PathParam("appId") String appId, @PathParam("id") String id, @QueryParam("count") Integer count) {
        return schedules.preview(caller.get(), appId, id, count == null ? 10 : count);
    }

    /**
     * {@code {from, to, dryRun?, selectionToken?, expectedCount?, maxInFlight?, startsPerSecond?,
     * reason?}}: a dry run (the default) lists the times in the range that have no run and answers
     * the token; with {@code "dryRun": false}, the token and a reason, a bulk operation runs them.
     */
    @POST
    @Path("{id}/backfill")
    public Response backfill(
            @PathParam("appId") String appId, @PathParam("id") String id, String body, @Context UriInfo uri) {
        JsonObject o = RequestBodies.object(body);
        for (String key : o.keySet()) {
            if (!BACKFILL_FIELDS.contains(key)) {
                throw WorkflowException.validation(key, "is not a field here; known: " + BACKFILL_FIELDS);
            }
        }
        Boolean dryRun = JsonFields.bool(o, "dryRun", false);
        Long maxInFlight = JsonFields.longValue(o, "maxInFlight", false);
        JsonValue pace = o.get("startsPerSecond");
        if (!JsonFields.isAbsent(pace) && !(pace instanceof JsonNumber)) {
            throw JsonFields.wrongType("startsPerSecond", "a number");
        }
        Object answer = schedules.backfill(
                caller.get(),
                appId,
                id,
                new ScheduleService.BackfillRequest(
                        JsonFields.instant(o, "from", true),
                        JsonFields.instant(o, "to", true),
                        dryRun == null || dryRun,
                        JsonFields.string(o, "selectionToken", false, 200),
                        JsonFields.longValue(o, "expectedCount", false),
                        maxInFlight == null ? null : (int) Math.max(-1, Math.min(100_000, maxInFlight)),
                        pace instanceof JsonNumber n ? n.doubleValue() : null,
                        JsonFields.string(o, "reason", false, 1000)));
        if (answer instanceof Operation op) {
            return Response.created(uri.getBaseUriBuilder()
                            .path("bulk-operations")
                            .path(op.id())
                            .build())
                    .entity(op)
                    .build();
        }
        return Response.ok(answer).build();
    }

    private static final Set<String> BACKFILL_FIELDS = Set.of(
            "from", "to", "dryRun", "selectionToken", "expectedCount", "maxInFlight", "startsPerSecond", "reason");

    private static FiringState state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return FiringState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WorkflowException.validation("state", "must be one of " + Arrays.toString(FiringState.values()));
        }
    }
}
