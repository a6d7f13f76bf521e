package io.aiworkflow.web.api.apps;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.apps.AppQuery;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.apps.AppViews.NewApp;
import io.aiworkflow.engine.apps.AppViews.Page;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.util.Map;

/** App management: {@code /api/app/team/*}. */
@ApplicationScoped
@Path("app/team")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class AppResource {

    @Inject
    private AppService apps;

    @Inject
    private CurrentCaller caller;

    public record Created(String appId, String name, int appType, long teamId, OffsetDateTime createTime) {}

    @POST
    @Path("create")
    public Response create(String body) {
        JsonObject o = RequestBodies.object(body);
        Long appType = JsonFields.longValue(o, "appType", true);
        NewApp request = new NewApp(
                JsonFields.string(o, "name", true, 200),
                JsonFields.string(o, "description", false, 2000),
                JsonFields.string(o, "avatar", false, 2000),
                appType.intValue() == appType ? appType.intValue() : -1,
                JsonFields.longValue(o, "teamId", false),
                JsonFields.longValue(o, "classifyId", false));
        AppSummary app = apps.create(caller.get(), request);
        return Response.status(Response.Status.CREATED)
                .entity(new Created(app.appId(), app.name(), app.appType(), app.teamId(), app.createTime()))
                .build();
    }

    @DELETE
    @Path("delete")
    public Map<String, Object> delete(String body, @QueryParam("appId") String appIdParam) {
        String appId =
                appIdParam != null ? appIdParam : JsonFields.string(RequestBodies.object(body), "appId", true, 64);
        apps.delete(caller.get(), appId);
        return Map.of("success", true, "appId", appId);
    }

    @POST
    @Path("set_disable")
    public AppSummary setDisable(String body) {
        JsonObject o = RequestBodies.object(body);
        return apps.setDisabled(
                caller.get(), JsonFields.string(o, "appId", true, 64), JsonFields.bool(o, "isDisabled", true));
    }

    @GET
    @Path("list")
    public Page<AppSummary> list(
            @QueryParam("teamId") Long teamId,
            @QueryParam("appType") Integer appType,
            @QueryParam("name") String name,
            @QueryParam("sort") String sort,
            @QueryParam("order") String order,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return apps.list(
                caller.get(),
                new AppQuery(
                        teamId,
                        appType,
                        name,
                        sort,
                        "asc".equalsIgnoreCase(order),
                        page == null ? 1 : page,
                        pageSize == null ? 20 : pageSize));
    }

    @GET
    @Path("{appId}")
    public AppSummary get(@PathParam("appId") String appId) {
        return apps.get(caller.get(), appId);
    }
}
