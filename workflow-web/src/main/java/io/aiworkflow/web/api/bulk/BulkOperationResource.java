package io.aiworkflow.web.api.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.model.bulk.BulkItemState;
import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkResults;
import io.aiworkflow.engine.bulk.BulkViews;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bulk operations: {@code POST} answers a dry run (count, breakdown, samples, selection token) unless
 * {@code "dryRun": false}; the operation then runs in the background and is followed here.
 */
@ApplicationScoped
@Path("bulk-operations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class BulkOperationResource {

    @Inject
    private BulkOperationService bulk;

    @Inject
    private CurrentCaller caller;

    @Inject
    private BulkProgressStream progress;

    @Inject
    private BulkResults results;

    @POST
    public Response create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw WorkflowException.validation("Idempotency-Key", "must be 1 to 200 characters");
        }
        BulkOperationService.Created created = bulk.create(
                caller.get(),
                BulkRequestBody.parse(
                        RequestBodies.object(body), idempotencyKey, BulkOperationService.defaultPolicy()));
        if (created.preview() != null) {
            return Response.ok(created.preview()).build();
        }
        if (!created.isNew()) {
            return Response.ok(created.operation()).build();
        }
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.operation().id())
                        .build())
                .entity(created.operation())
                .build();
    }

    @GET
    public BulkViews.OperationPage list(
            @QueryParam("state") String state,
            @QueryParam("action") String action,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return bulk.list(
                caller.get(),
                parse("state", state, BulkState::parse, BulkState.values()),
                parse("action", action, BulkAction::fromWire, BulkAction.values()),
                page == null ? 1 : page,
                pageSize == null ? 20 : pageSize);
    }

    @GET
    @Path("{id}")
    public Operation get(@PathParam("id") String id) {
        return bulk.get(caller.get(), id);
    }

    @GET
    @Path("{id}/items")
    public BulkViews.ItemPage items(
            @PathParam("id") String id,
            @QueryParam("state") String state,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return bulk.items(
                caller.get(),
                id,
                parse("state", state, BulkItemState::parse, BulkItemState.values()),
                page == null ? 1 : page,
                pageSize == null ? 50 : pageSize);
    }

    /** Who created, paused, resumed, canceled or changed it, when and why; and when it paused or ended by itself. */
    @GET
    @Path("{id}/audit")
    public List<BulkViews.AuditEntry> audit(@PathParam("id") String id) {
        return bulk.audit(caller.get(), id);
    }

    @POST
    @Path("{id}/pause")
    public Operation pause(@PathParam("id") String id, String body) {
        return bulk.pause(caller.get(), id, reason(body));
    }

    @POST
    @Path("{id}/resume")
    public Operation resume(@PathParam("id") String id, String body) {
        return bulk.resume(caller.get(), id, reason(body));
    }

    /**
     * What the items did, streamed: {@code format} {@code csv} (default) or {@code jsonl};
     * {@code layout} {@code items} (default, one line per item) or {@code rows} (a dataset run: one
     * line per row and repetition, its versions side by side).
     */
    @GET
    @Path("{id}/results")
    @Produces({"text/csv", "application/x-ndjson"})
    public Response results(
            @PathParam("id") String id, @QueryParam("format") String format, @QueryParam("layout") String layout) {
        BulkResults.Format f =
                parse("format", format, v -> enumValue(BulkResults.Format.class, v), BulkResults.Format.values());
        BulkResults.Layout l =
                parse("layout", layout, v -> enumValue(BulkResults.Layout.class, v), BulkResults.Layout.values());
        BulkResults.Format chosen = f == null ? BulkResults.Format.CSV : f;
        BulkResults.Layout arranged = l == null ? BulkResults.Layout.ITEMS : l;
        List<Integer> versions = bulk.datasetVersions(caller.get(), id);
        if (arranged == BulkResults.Layout.ROWS && versions == null) {
            throw WorkflowException.validation("layout", "rows is for dataset runs; use items");
        }
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            results.write(id, chosen, arranged, versions == null ? List.of() : versions, writer);
        };
        String type = chosen == BulkResults.Format.CSV ? "text/csv; charset=UTF-8" : "application/x-ndjson";
        return Response.ok(body, type)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"bulk-" + id + "."
                                + chosen.name().toLowerCase(Locale.ROOT) + "\"")
                .build();
    }

    private static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String value) {
        try {
            return Optional.of(Enum.valueOf(type, value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code {reason, cancelRunning?}}: with {@code cancelRunning}, the runs its items started are canceled too. */
    @POST
    @Path("{id}/cancel")
    public Operation cancel(@PathParam("id") String id, String body) {
        JsonObject o = optional(body);
        Boolean cancelRunning = JsonFields.bool(o, "cancelRunning", false);
        return bulk.cancel(
                caller.get(), id, JsonFields.string(o, "reason", false, 1000), Boolean.TRUE.equals(cancelRunning));
    }

    /** A child operation over the runs whose items failed. */
    @POST
    @Path("{id}/retry-failed")
    public Response retryFailed(@PathParam("id") String id, String body, @Context UriInfo uri) {
        Operation child = bulk.retryFailed(caller.get(), id, reason(body));
        return Response.created(uri.getBaseUriBuilder()
                        .path("bulk-operations")
                        .path(child.id())
                        .build())
                .entity(child)
                .build();
    }

    /** {@code {maxInFlight?, startsPerSecond?}}, while the operation has not ended. */
    @PATCH
    @Path("{id}")
    public Operation update(@PathParam("id") String id, String body) {
        JsonObject o = RequestBodies.object(body);
        for (String key : o.keySet()) {
            if (!key.equals("maxInFlight") && !key.equals("startsPerSecond")) {
                throw WorkflowException.validation(key, "cannot be changed; maxInFlight and startsPerSecond can");
            }
        }
        Long max = JsonFields.longValue(o, "maxInFlight", false);
        JsonValue pace = o.get("startsPerSecond");
        if (!JsonFields.isAbsent(pace) && !(pace instanceof JsonNumber)) {
            throw JsonFields.wrongType("startsPerSecond", "a number");
        }
        return bulk.updatePace(
                caller.get(),
                id,
                max == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, max)),
                pace instanceof JsonNumber n ? n.doubleValue() : null);
    }

    /** Progress as server-sent events: the operation (counts, rate, ETA) each second while it changes, last when it ends. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        bulk.get(caller.get(), id);
        progress.follow(caller.get(), id, sink, sse);
    }

    private static String reason(String body) {
        return JsonFields.string(optional(body), "reason", false, 1000);
    }

    private static JsonObject optional(String body) {
        return RequestBodies.optionalObject(body).orElse(Jsons.EMPTY_OBJECT);
    }

    private static <T> T parse(String field, String value, Function<String, Optional<T>> parser, Object[] allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return parser.apply(value)
                .orElseThrow(() -> WorkflowException.validation(field, "must be one of " + Arrays.toString(allowed)));
    }
}
