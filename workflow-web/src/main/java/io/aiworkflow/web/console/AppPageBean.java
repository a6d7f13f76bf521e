package io.aiworkflow.web.console;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.DesignDiff;
import io.aiworkflow.domain.definition.DesignProblem;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.Definition;
import io.aiworkflow.engine.apps.AppViews.Published;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.RunService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One app: its header, draft and published design drawn, versions, the publish button, and the run
 * form built from the published Start node's parameters.
 */
@Named
@ViewScoped
public class AppPageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private AppService apps;

    @Inject
    private DefinitionService definitions;

    @Inject
    private RunService runs;

    @Inject
    private ConsoleUser user;

    private String appId;
    private AppRow app;
    private DesignView draft;
    private DesignView published;
    private List<VersionRow> versions = List.of();
    private String versionDiff;
    private int diffFrom;
    private List<ProblemRow> problems = List.of();
    private List<ParameterField> parameters = List.of();

    /** The page's view action: loads once per view, not on its own postbacks. */
    public void load() {
        refresh();
    }

    /** Reloads from the database; old problems go too, since they concern a draft that may have changed. */
    public void refresh() {
        problems = List.of();
        try {
            app = new AppRow(apps.get(user.caller(), appId));
            if (app.isWorkflow()) {
                Definition d = definitions.get(user.caller(), appId);
                // validation as the draft stands: the nodes that would stop a publish are outlined
                Set<String> problemNodes = d.functionDesignDraft() == null
                        ? Set.of()
                        : definitions.validate(d.functionDesignDraft()).stream()
                                .map(DesignProblem::nodeKey)
                                .filter(Objects::nonNull)
                                .collect(Collectors.toSet());
                draft = DesignView.withProblems(
                        "draftGraph", d.functionDesignDraft(), "No draft has been saved yet.", problemNodes);
                published = DesignView.of("publishedGraph", d.functionDesign(), "Not published yet.");
                versions = definitions.versions(user.caller(), appId).stream()
                        .map(VersionRow::new)
                        .toList();
                // a broken published design is drawn with its note above; the form then just stays empty
                parameters = published.getSvg() == null ? List.of() : RunParameters.fields(d.functionDesign());
            }
        } catch (RuntimeException e) {
            app = null;
            ConsoleMessages.failure(e);
        }
    }

    public void publish() {
        problems = List.of();
        try {
            Published p = definitions.publish(user.caller(), appId);
            ConsoleMessages.info(
                    p.unchanged()
                            ? "Nothing changed since version " + p.version() + ": no new version"
                            : "Published as version " + p.version());
            refresh();
        } catch (RuntimeException e) {
            WorkflowException known = WorkflowException.foundIn(e);
            if (known != null
                    && known.code() == ErrorCode.VALIDATION_ERROR
                    && known.details() != null
                    && known.details().get("problems") instanceof List<?> list) {
                problems = list.stream().map(ProblemRow::of).toList();
                ConsoleMessages.error("The draft cannot be published: " + problems.size() + " problem(s)");
            } else {
                ConsoleMessages.failure(e);
            }
        }
    }

    /** Starts a run of the published version and opens its page; the engine checks the parameters. */
    public String run() {
        try {
            LiveRun live = runs.start(user.caller(), appId, RunParameters.toJson(parameters), RunOrigin.APP);
            return "/console/run.xhtml?faces-redirect=true&id=" + live.instanceId();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    public boolean isRunnable() {
        return app != null && app.isWorkflow() && app.isPublished() && !app.isDisabled() && user.isCanWrite();
    }

    public List<ParameterField> getParameters() {
        return parameters;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public AppRow getApp() {
        return app;
    }

    public DesignView getDraft() {
        return draft;
    }

    public DesignView getPublished() {
        return published;
    }

    public String getPublishedTitle() {
        return app != null && app.isPublished() ? "Published — version " + app.getVersion() : "Published";
    }

    /** Shows what the draft changes against a published version (the version diff). */
    public void compareWithDraft(int version) {
        try {
            DesignDiff diff = definitions.diff(user.caller(), appId, String.valueOf(version), "draft");
            diffFrom = version;
            versionDiff = diff.isEmpty() ? "No changes." : describe(diff);
        } catch (RuntimeException e) {
            versionDiff = null;
            ConsoleMessages.failure(e);
        }
    }

    static String describe(DesignDiff diff) {
        StringBuilder text = new StringBuilder();
        diff.added().forEach(k -> text.append("+ node ").append(k).append('\n'));
        diff.removed().forEach(k -> text.append("- node ").append(k).append('\n'));
        for (DesignDiff.ChangedNode node : diff.changed()) {
            text.append("~ node ").append(node.nodeKey()).append('\n');
            if (node.type() != null) {
                change(text, "type", node.type().from(), node.type().to());
            }
            if (node.name() != null) {
                change(text, "name", node.name().from(), node.name().to());
            }
            node.fields().forEach(f -> change(text, f.fieldName(), value(f.from()), value(f.to())));
            node.settings().forEach(f -> change(text, "setting " + f.fieldName(), value(f.from()), value(f.to())));
        }
        diff.connectionsAdded()
                .forEach(c -> text.append("+ ").append(connection(c)).append('\n'));
        diff.connectionsRemoved()
                .forEach(c -> text.append("- ").append(connection(c)).append('\n'));
        return text.toString();
    }

    private static void change(StringBuilder text, String what, String from, String to) {
        text.append("    ")
                .append(what)
                .append(": ")
                .append(from)
                .append(" → ")
                .append(to)
                .append('\n');
    }

    private static String value(FieldDesign field) {
        return field == null ? "(none)" : field.expressionType() + " " + field.value();
    }

    private static String connection(Connection c) {
        return c.sourceNodeKey() + " → " + c.targetNodeKey() + (c.label() == null ? "" : " [" + c.label() + "]");
    }

    public String getVersionDiff() {
        return versionDiff;
    }

    public int getDiffFrom() {
        return diffFrom;
    }

    public List<VersionRow> getVersions() {
        return versions;
    }

    public List<ProblemRow> getProblems() {
        return problems;
    }
}
