package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.domain.definition.DesignProblem;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppQuery;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.apps.AppViews.NewApp;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FlowGram tasks: a FlowGram document, translated by {@link FlowGramSchema}, runs as an unsaved
 * draft of a Workflow app of the caller's team (the one named by {@code appId}, else the team's
 * {@value #EDITOR_APP} app, made on first use), so its runs have history like any other.
 */
@ApplicationScoped
public class FlowGramTasks {

    /** The app a team's FlowGram runs belong to when the editor names none. */
    static final String EDITOR_APP = "FlowGram editor";

    @Inject
    private AppService apps;

    @Inject
    private ModelRegistry models;

    @Inject
    private DefinitionService definitions;

    @Inject
    private RunService runs;

    /** What validation finds: translation problems, then the design's, then missing required inputs. */
    public List<String> problems(Caller caller, String appId, JsonObject schema, JsonObject inputs) {
        long teamId = apps.get(caller, app(caller, appId)).teamId();
        FlowGramSchema.Translation translation = translate(caller, teamId, schema);
        if (!translation.valid()) {
            return translation.problems();
        }
        List<String> problems = new ArrayList<>();
        for (DesignProblem p : definitions.validate(translation.design().toString())) {
            problems.add((p.nodeKey() == null ? "" : "node '" + p.nodeKey() + "': ") + p.message());
        }
        problems.addAll(missingInputs(translation.design(), inputs));
        return problems;
    }

    public LiveRun run(Caller caller, String appId, JsonObject schema, JsonObject inputs) {
        String app = app(caller, appId);
        long teamId = apps.get(caller, app).teamId();
        FlowGramSchema.Translation translation = translate(caller, teamId, schema);
        if (!translation.valid()) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    "the FlowGram document cannot run here: " + String.join("; ", translation.problems()));
        }
        return runs.startDraft(caller, app, translation.design(), inputs, RunOrigin.DEBUG);
    }

    private FlowGramSchema.Translation translate(Caller caller, long teamId, JsonObject schema) {
        return FlowGramSchema.translate(
                schema,
                name -> models.list(caller).stream()
                        .filter(m -> m.teamId() == teamId)
                        .filter(m -> name.equals(m.name()) || name.equals(m.modelName()))
                        .map(ModelRegistry.ModelView::modelId)
                        .findFirst());
    }

    private static List<String> missingInputs(JsonObject design, JsonObject inputs) {
        List<String> missing = new ArrayList<>();
        for (JsonValue node : design.getJsonArray("nodes")) {
            if (!"Start".equals(node.asJsonObject().getString("nodeType"))) {
                continue;
            }
            JsonArray fields = node.asJsonObject().getJsonArray("fieldDesigns");
            for (JsonValue field : fields) {
                JsonObject f = field.asJsonObject();
                JsonValue declaration = f.get("value");
                boolean required = declaration instanceof JsonObject d && d.getBoolean("isRequired", false);
                String name = f.getString("fieldName");
                if (required && Jsons.isNull(inputs.getOrDefault(name, JsonValue.NULL))) {
                    missing.add("input '" + name + "' is required");
                }
            }
        }
        return missing;
    }

    /** The app the runs go to: the one named, else the team's FlowGram editor app. */
    private String app(Caller caller, String appId) {
        if (appId != null && !appId.isBlank()) {
            return appId;
        }
        if (caller.teamId() == null) {
            throw WorkflowException.validation("appId", "names the app whose draft runs (this key has no team)");
        }
        synchronized (this) {
            Optional<AppSummary> existing = apps
                    .list(
                            caller,
                            new AppQuery(caller.teamId(), AppType.Workflow.code(), EDITOR_APP, null, true, 1, 200))
                    .items()
                    .stream()
                    .filter(a -> a.name().equals(EDITOR_APP))
                    .findFirst();
            return existing.map(AppSummary::appId)
                    .orElseGet(() -> apps.create(
                                    caller,
                                    new NewApp(
                                            EDITOR_APP,
                                            "Runs of documents sent by FlowGram editors",
                                            null,
                                            AppType.Workflow.code(),
                                            caller.teamId(),
                                            null))
                            .appId());
        }
    }
}
