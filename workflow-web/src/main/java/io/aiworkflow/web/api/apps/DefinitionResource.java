package io.aiworkflow.web.api.apps;

import io.aiworkflow.domain.definition.DesignDiff;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppViews.Definition;
import io.aiworkflow.engine.apps.AppViews.DraftUpdate;
import io.aiworkflow.engine.apps.AppViews.Published;
import io.aiworkflow.engine.apps.AppViews.Version;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Workflow definitions: {@code /api/app/workflow/definition/{appId}}. */
@ApplicationScoped
@Path("app/workflow/definition/{appId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class DefinitionResource {

    @Inject
    private DefinitionService definitions;

    @Inject
    private CurrentCaller caller;

    public record DefinitionResponse(
            String id,
            String appId,
            String name,
            String description,
            String avatar,
            boolean isPublish,
            Integer version,
            JsonValue uiDesign,
            JsonValue uiDesignDraft,
            JsonValue functionDesign,
            JsonValue functionDesignDraft,
            String traceLevel,
            OffsetDateTime createTime,
            OffsetDateTime updateTime) {
        static DefinitionResponse of(Definition d) {
            return new DefinitionResponse(
                    d.id(),
                    d.appId(),
                    d.name(),
                    d.description(),
                    d.avatar(),
                    d.isPublish(),
                    d.version(),
                    RequestBodies.stored(d.uiDesign()),
                    RequestBodies.stored(d.uiDesignDraft()),
                    RequestBodies.stored(d.functionDesign()),
                    RequestBodies.stored(d.functionDesignDraft()),
                    d.traceLevel(),
                    d.createTime(),
                    d.updateTime());
        }
    }

    /** {@code unchanged}: the draft is the published version already; no new version was made. */
    public record PublishResponse(
            boolean success, String message, int version, OffsetDateTime publishTime, boolean unchanged) {}

    public record VersionResponse(
            int version, JsonValue uiDesign, JsonValue functionDesign, OffsetDateTime publishTime, String publishedBy) {
        static VersionResponse of(Version v) {
            return new VersionResponse(
                    v.version(),
                    RequestBodies.stored(v.uiDesign()),
                    RequestBodies.stored(v.functionDesign()),
                    v.publishTime(),
                    v.publishedBy());
        }
    }

    @GET
    public DefinitionResponse get(@PathParam("appId") String appId) {
        return DefinitionResponse.of(definitions.get(caller.get(), appId));
    }

    @PUT
    public DefinitionResponse saveDraft(@PathParam("appId") String appId, String body) {
        JsonObject o = RequestBodies.object(body);
        checkSameApp(appId, o);
        DraftUpdate update = new DraftUpdate(
                JsonFields.string(o, "name", false, 200),
                JsonFields.string(o, "description", false, 2000),
                JsonFields.string(o, "avatar", false, 2000),
                RequestBodies.embeddedObject(o, "uiDesignDraft"),
                RequestBodies.embeddedObject(o, "functionDesignDraft"),
                JsonFields.string(o, "traceLevel", false, 10));
        return DefinitionResponse.of(definitions.saveDraft(caller.get(), appId, update));
    }

    @POST
    @Path("publish")
    public PublishResponse publish(@PathParam("appId") String appId, String body) {
        RequestBodies.optionalObject(body).ifPresent(o -> checkSameApp(appId, o));
        Published published = definitions.publish(caller.get(), appId);
        return new PublishResponse(
                true,
                published.unchanged()
                        ? "nothing changed since version " + published.version() + ": no new version"
                        : "workflow published as version " + published.version(),
                published.version(),
                published.publishTime(),
                published.unchanged());
    }

    @GET
    @Path("versions")
    public List<VersionResponse> versions(@PathParam("appId") String appId) {
        return definitions.versions(caller.get(), appId).stream()
                .map(VersionResponse::of)
                .toList();
    }

    @GET
    @Path("versions/{version}")
    public VersionResponse version(@PathParam("appId") String appId, @PathParam("version") int version) {
        return VersionResponse.of(definitions.version(caller.get(), appId, version));
    }

    /** What changed from {@code from} to {@code to} (each {@code draft} or a version number). */
    @GET
    @Path("versions/{from}/diff/{to}")
    public DesignDiff diff(
            @PathParam("appId") String appId, @PathParam("from") String from, @PathParam("to") String to) {
        return definitions.diff(caller.get(), appId, from, to);
    }

    /** The seed repeats appId in the body; a body naming another app is a mistake, not a redirect. */
    private static void checkSameApp(String appId, JsonObject body) {
        String bodyAppId = JsonFields.string(body, "appId", false, 64);
        if (bodyAppId != null && !bodyAppId.equals(appId)) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    "appId in the body (" + bodyAppId + ") differs from the path (" + appId + ")",
                    Map.of("field", "appId"));
        }
    }
}
