package io.aiworkflow.web.console;

import io.aiworkflow.domain.definition.DesignDiff;
import io.aiworkflow.domain.definition.DesignProblem;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppViews.Definition;
import io.aiworkflow.engine.apps.AppViews.DraftUpdate;
import io.aiworkflow.engine.apps.AppViews.Version;
import io.aiworkflow.engine.apps.DefinitionService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.primefaces.PrimeFaces;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;
import org.primefaces.model.file.UploadedFile;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The app page's design tools: the draft's function design as JSON to edit and save (checked as
 * it is saved, problems listed by node), a design file to export and import, a version restored
 * into the draft, and publishing after seeing what changed since the last version.
 */
@Named
@ViewScoped
public class DraftEditorBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest design file accepted for import. */
    private static final long MAX_IMPORT_BYTES = 2L * 1024 * 1024;

    @Inject
    private DefinitionService definitions;

    @Inject
    private AppPageBean appPage;

    @Inject
    private ConsoleUser user;

    private String designText;
    private String uiDesignText;
    private List<ProblemRow> problems = List.of();
    private String publishDiff;
    private transient UploadedFile file;

    /** The draft as it is stored, for the editor (again after a save, an import or a restore). */
    public String getDesignText() {
        if (designText == null) {
            try {
                Definition d = definitions.get(user.caller(), appPage.getAppId());
                designText =
                        d.functionDesignDraft() == null ? "" : ConsoleJson.pretty(Jsons.parse(d.functionDesignDraft()));
            } catch (RuntimeException e) {
                designText = "";
                ConsoleMessages.failure(e);
            }
        }
        return designText;
    }

    public void setDesignText(String designText) {
        this.designText = designText;
    }

    /** The draft's layout (where the graph editor placed each node), opaque to the engine. */
    public String getUiDesignText() {
        if (uiDesignText == null) {
            uiDesignText = ConsoleMessages.readOr(
                    () -> {
                        String ui = definitions
                                .get(user.caller(), appPage.getAppId())
                                .uiDesignDraft();
                        return ui == null ? "" : ui;
                    },
                    "");
        }
        return uiDesignText;
    }

    public void setUiDesignText(String uiDesignText) {
        this.uiDesignText = uiDesignText;
    }

    /** Saves the edited design as the draft; a design that cannot be read is refused and kept in the editor. */
    public void save() {
        if (saveDraft(designText, layout())) {
            ConsoleMessages.info(
                    problems.isEmpty()
                            ? "Draft saved"
                            : "Draft saved, with " + problems.size() + " problem(s) to fix before publishing");
        }
    }

    /** The layout to store with a save: only a JSON object, and only when the editor sent one. */
    private String layout() {
        if (uiDesignText == null || uiDesignText.isBlank()) {
            return null;
        }
        try {
            return Jsons.parseObject(uiDesignText).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Checks the design in the editor without saving it, for the graph editor's validation as you
     * go: the problems go back to the page as JSON ({@code [{nodeKey, code, message}]}).
     */
    public void check() {
        List<DesignProblem> found;
        try {
            found = definitions.validate(Jsons.parse(designText).toString());
        } catch (RuntimeException e) {
            found = List.of(new DesignProblem(null, "MALFORMED_DESIGN", "the design is not JSON"));
        }
        JsonArrayBuilder json = Json.createArrayBuilder();
        for (DesignProblem p : found) {
            json.add(Json.createObjectBuilder()
                    .add("nodeKey", p.nodeKey() == null ? "" : p.nodeKey())
                    .add("code", p.code())
                    .add("message", p.message()));
        }
        PrimeFaces.current().ajax().addCallbackParam("problems", json.build().toString());
    }

    private boolean saveDraft(String functionDesign, String uiDesign) {
        try {
            String compact = Jsons.parse(functionDesign).toString();
            definitions.saveDraft(
                    user.caller(), appPage.getAppId(), new DraftUpdate(null, null, null, uiDesign, compact, null));
            problems = definitions.validate(compact).stream()
                    .map(DraftEditorBean::row)
                    .toList();
            designText = null;
            uiDesignText = null;
            appPage.refresh();
            return true;
        } catch (RuntimeException e) {
            WorkflowException known = WorkflowException.foundIn(e);
            ConsoleMessages.error(
                    "Not saved: " + (known != null ? known.getMessage() : "the design is not JSON: " + e.getMessage()));
            return false;
        }
    }

    private static ProblemRow row(DesignProblem p) {
        return new ProblemRow(p.nodeKey(), p.code(), p.message());
    }

    /** The draft as a design file: {@code {"functionDesign", "uiDesign"}}, what import takes back. */
    public StreamedContent getExport() {
        Definition d = definitions.get(user.caller(), appPage.getAppId());
        JsonObjectBuilder file = Json.createObjectBuilder()
                .add(
                        "functionDesign",
                        d.functionDesignDraft() == null ? JsonValue.NULL : Jsons.parse(d.functionDesignDraft()))
                .add("uiDesign", d.uiDesignDraft() == null ? JsonValue.NULL : Jsons.parse(d.uiDesignDraft()));
        byte[] bytes = ConsoleJson.pretty(file.build()).getBytes(StandardCharsets.UTF_8);
        String name = d.name().replaceAll("[^A-Za-z0-9._-]+", "-") + "-design.json";
        return DefaultStreamedContent.builder()
                .name(name)
                .contentType("application/json")
                .contentLength((long) bytes.length)
                .stream(() -> new ByteArrayInputStream(bytes))
                .build();
    }

    /** Reads a design file (as exported, or a bare function design) into the draft. */
    public void importFile() {
        if (file == null || file.getSize() == 0) {
            ConsoleMessages.error("Choose a design file first");
            return;
        }
        if (file.getSize() > MAX_IMPORT_BYTES) {
            ConsoleMessages.error("A design file has at most " + MAX_IMPORT_BYTES / 1024 + " KiB");
            return;
        }
        JsonObject imported;
        try {
            imported = Jsons.parseObject(new String(file.getContent(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            ConsoleMessages.error("Not imported: " + file.getFileName() + " is not a JSON object");
            return;
        }
        JsonValue function = imported.containsKey("functionDesign") ? imported.get("functionDesign") : imported;
        JsonValue ui = imported.get("uiDesign");
        if (!(function instanceof JsonObject)) {
            ConsoleMessages.error("Not imported: the file has no functionDesign object");
            return;
        }
        if (saveDraft(function.toString(), ui instanceof JsonObject o ? o.toString() : null)) {
            ConsoleMessages.info("Imported " + file.getFileName() + " into the draft"
                    + (problems.isEmpty() ? "" : "; " + problems.size() + " problem(s) to fix before publishing"));
        }
    }

    /** Puts a published version's design back into the draft (the version itself stays). */
    public void restore(int version) {
        try {
            Version v = definitions.version(user.caller(), appPage.getAppId(), version);
            if (saveDraft(v.functionDesign(), v.uiDesign())) {
                ConsoleMessages.info("Version " + version + " restored into the draft");
            }
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    /** What publishing would change since the last version, shown before it is confirmed. */
    public void preparePublish() {
        try {
            Integer last = appPage.getApp().isPublished() ? appPage.getApp().getVersion() : null;
            if (last == null) {
                publishDiff = "The first version: every node of the draft.";
                return;
            }
            DesignDiff diff = definitions.diff(user.caller(), appPage.getAppId(), String.valueOf(last), "draft");
            publishDiff = diff.isEmpty()
                    ? "Nothing changed since version " + last + ": publishing makes no new version."
                    : "Since version " + last + ":\n" + AppPageBean.describe(diff);
        } catch (RuntimeException e) {
            publishDiff = null;
            ConsoleMessages.failure(e);
        }
    }

    public String getPublishDiff() {
        return publishDiff;
    }

    public List<ProblemRow> getProblems() {
        return problems;
    }

    public UploadedFile getFile() {
        return file;
    }

    public void setFile(UploadedFile file) {
        this.file = file;
    }
}
