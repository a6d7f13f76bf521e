package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.status.StatusService;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/**
 * FlowGram.AI's task API, so that FlowGram's editor runs its documents on the platform:
 * {@code validate} and {@code run} take {@code {schema, inputs}} ({@code schema} the document as
 * JSON text, as FlowGram sends it, or as an object), {@code report} and {@code result} a
 * {@code taskID} (the run's instance id), {@code cancel} {@code {taskID}}. {@code appId} (query)
 * names the app the runs belong to; see {@link FlowGramTasks}.
 */
@ApplicationScoped
@Path("task")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class TaskResource {

    @Inject
    private FlowGramTasks tasks;

    @Inject
    private RunService runs;

    @Inject
    private InstanceStore instances;

    @Inject
    private StatusService status;

    @Inject
    private CurrentCaller caller;

    public record Validation(boolean valid, List<String> errors) {}

    public record Started(String taskID) {}

    public record Canceled(boolean success) {}

    @POST
    @Path("validate")
    public Validation validate(String body, @QueryParam("appId") String appId) {
        JsonObject request = RequestBodies.object(body);
        List<String> problems = tasks.problems(caller.get(), appId, schema(request), inputs(request));
        return new Validation(problems.isEmpty(), problems);
    }

    @POST
    @Path("run")
    public Started run(String body, @QueryParam("appId") String appId) {
        JsonObject request = RequestBodies.object(body);
        return new Started(
                tasks.run(caller.get(), appId, schema(request), inputs(request)).instanceId());
    }

    @GET
    @Path("report")
    public JsonObject report(@QueryParam("taskID") String taskId) {
        Instance run = instances.get(caller.get(), required(taskId));
        return FlowGramReport.of(run, status.status(caller.get(), taskId), Instant.now());
    }

    /** The run's outputs once it has ended; {@code 204} while it runs. */
    @GET
    @Path("result")
    public Response result(@QueryParam("taskID") String taskId) {
        Instance run = instances.get(caller.get(), required(taskId));
        RunState state = RunState.fromWire(run.state()).orElse(RunState.RUNNING);
        if (state.isActive()) {
            return Response.noContent().build();
        }
        JsonValue outputs =
                state == RunState.COMPLETED && run.result() instanceof JsonObject result ? result : Jsons.EMPTY_OBJECT;
        return Response.ok(outputs).build();
    }

    /** {@code success} false when the run has already ended. */
    @PUT
    @Path("cancel")
    public Canceled cancel(String body) {
        String taskId = JsonFields.string(RequestBodies.object(body), "taskID", true, 64);
        try {
            runs.cancel(caller.get(), taskId);
            return new Canceled(true);
        } catch (WorkflowException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return new Canceled(false);
            }
            throw e;
        }
    }

    private static String required(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw JsonFields.missing("taskID");
        }
        return taskId;
    }

    private static JsonObject schema(JsonObject request) {
        JsonValue schema = request.get("schema");
        if (schema instanceof JsonString text) {
            try {
                return Jsons.parseObject(text.getString());
            } catch (WorkflowException e) {
                throw WorkflowException.validation("schema", "is not a JSON object: " + e.getMessage());
            }
        }
        if (schema instanceof JsonObject document) {
            return document;
        }
        throw schema == null ? JsonFields.missing("schema") : JsonFields.wrongType("schema", "a JSON text or object");
    }

    private static JsonObject inputs(JsonObject request) {
        JsonObject inputs = JsonFields.object(request, "inputs");
        return inputs == null ? Jsons.EMPTY_OBJECT : inputs;
    }
}
