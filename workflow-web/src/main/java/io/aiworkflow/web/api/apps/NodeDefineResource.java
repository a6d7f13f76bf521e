package io.aiworkflow.web.api.apps;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.nodedefine.NodeDefine;
import io.aiworkflow.engine.nodedefine.NodeDefineCatalog;
import io.aiworkflow.engine.nodedefine.NodeDefineRequest;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;

/** Node definitions: single and batch (at most 50, partial failures in {@code errors}). */
@ApplicationScoped
@Path("app/workflow/node-define")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class NodeDefineResource {

    @Inject
    private NodeDefineCatalog catalog;

    @Inject
    private CurrentCaller caller;

    public record BatchError(String requestId, String errorCode, String errorMessage) {}

    public record BatchResponse(List<JsonObject> nodeDefines, List<BatchError> errors) {}

    @POST
    @Path("query")
    public NodeDefine query(String body) {
        return catalog.define(caller.get(), request(RequestBodies.object(body)));
    }

    @POST
    @Path("batch-query")
    public BatchResponse batchQuery(String body) {
        JsonObject o = RequestBodies.object(body);
        if (!(o.get("requests") instanceof JsonArray requests)) {
            throw JsonFields.wrongType("requests", "an array");
        }
        if (requests.size() > NodeDefineCatalog.MAX_BATCH) {
            throw WorkflowException.validation("requests", "at most " + NodeDefineCatalog.MAX_BATCH + " per batch");
        }
        List<JsonObject> defines = new ArrayList<>();
        List<BatchError> errors = new ArrayList<>();
        for (JsonValue item : requests) {
            String requestId = item instanceof JsonObject io ? safeRequestId(io) : null;
            try {
                if (!(item instanceof JsonObject itemObject)) {
                    throw WorkflowException.validation("requests[]", "each request must be an object");
                }
                NodeDefine define = catalog.define(caller.get(), request(itemObject));
                defines.add(NodeDefineJson.withRequestId(define, requestId));
            } catch (WorkflowException e) {
                errors.add(new BatchError(requestId, e.code().name(), e.getMessage()));
            }
        }
        return new BatchResponse(defines, errors);
    }

    private static String safeRequestId(JsonObject o) {
        try {
            return JsonFields.string(o, "requestId", false, 200);
        } catch (WorkflowException e) {
            return null;
        }
    }

    private static NodeDefineRequest request(JsonObject o) {
        return new NodeDefineRequest(
                JsonFields.string(o, "requestId", false, 200),
                JsonFields.string(o, "nodeType", true, 50),
                JsonFields.longValue(o, "pluginId", false),
                JsonFields.longValue(o, "modelId", false),
                JsonFields.longValue(o, "wikiId", false));
    }
}
