package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import io.aiworkflow.web.delivery.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Runs for MoAI's workflow API ({@link MoaiWorkflowResource}, {@link MoaiEditorResource}), so that
 * MoAI's workflow page runs the platform's apps unchanged: a body {@code {workflowDefinitionId, teamId?,
 * startupParameters?, systemVariables?}} runs the app's published version and streams
 * {@link MoaiStreamItems}. {@code workflowDefinitionId} is the app id and {@code startupParameters}
 * the run's parameters; {@code systemVariables} are accepted and not used (the platform has none).
 * Problems found before the run starts are the platform's usual JSON errors.
 */
@ApplicationScoped
public class MoaiRuns {

    @Inject
    private RunService runs;

    @Inject
    private AppRepository apps;

    @Inject
    private CurrentCaller caller;

    @Inject
    private Deliveries deliveries;

    public void stream(String body, SseEventSink sink, Sse sse) {
        JsonObject request = RequestBodies.object(body);
        String appId = JsonFields.string(request, "workflowDefinitionId", true, 64);
        Long teamId = JsonFields.longValue(request, "teamId", false);
        JsonObject given = JsonFields.object(request, "startupParameters");
        JsonObject parameters = given == null ? Jsons.EMPTY_OBJECT : given;
        JsonFields.object(request, "systemVariables"); // checked, not used
        Caller who = caller.get();
        if (teamId != null && !teamId.equals(apps.visibleApp(who, appId).getTeamId())) {
            throw new WorkflowException(ErrorCode.APP_NOT_FOUND, "team " + teamId + " has no app " + appId);
        }
        SseStreams.follow(
                runs.start(who, appId, parameters, RunOrigin.API, true),
                0,
                new MoaiStreamItems(),
                sink,
                sse,
                deliveries);
    }
}
