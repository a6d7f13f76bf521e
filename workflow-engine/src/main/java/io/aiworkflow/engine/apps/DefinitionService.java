package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.definition.DesignDiff;
import io.aiworkflow.domain.definition.DesignProblem;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.model.app.AppWorkflowVersion;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppViews.Definition;
import io.aiworkflow.engine.apps.AppViews.DraftUpdate;
import io.aiworkflow.engine.apps.AppViews.Published;
import io.aiworkflow.engine.apps.AppViews.Version;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.trace.TraceLevel;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workflow definitions: read, save the draft, publish an immutable numbered version. */
@Stateless
public class DefinitionService {

    @Inject
    private AuditLog audit;

    /** The largest design (UI or function) a draft may hold, as JSON text. */
    public static final int MAX_DESIGN_BYTES = 2 * 1024 * 1024;

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private AppRepository apps;

    @Inject
    private TimeSource time;

    private final WorkflowValidator validator = new WorkflowValidator();

    public Definition get(Caller caller, String appId) {
        App app = apps.visibleApp(caller, appId);
        return view(app, workflowDesign(app));
    }

    /** Saves what the designer sent; only shape and size are checked, drafts may be incomplete. */
    public Definition saveDraft(Caller caller, String appId, DraftUpdate update) {
        AccessPolicy.requireWrite(caller);
        App app = apps.lockApp(caller, appId);
        AppWorkflowDesign design = workflowDesign(app);
        checkSize("uiDesignDraft", update.uiDesignDraft());
        checkSize("functionDesignDraft", update.functionDesignDraft());
        if (update.functionDesignDraft() != null) {
            FunctionDesignReader.read(Jsons.parse(update.functionDesignDraft()));
        }
        var now = time.now();
        app.touch(now);
        if (update.name() != null) {
            if (update.name().isBlank()) {
                throw WorkflowException.validation("name", "must not be blank");
            }
            app.rename(update.name().trim(), now);
        }
        if (update.description() != null) {
            app.describe(update.description(), now);
        }
        if (update.avatar() != null) {
            app.changeAvatar(update.avatar(), now);
        }
        if (update.traceLevel() != null) {
            TraceLevel level = TraceLevel.fromWire(update.traceLevel())
                    .orElseThrow(() -> WorkflowException.validation("traceLevel", "must be none, steps or full"));
            app.setTraceLevel(level.wire(), now);
        }
        design.updateDraft(update.uiDesignDraft(), update.functionDesignDraft(), now);
        return view(app, design);
    }

    /** Validates the draft and, if it has no problems, snapshots it as the next version. */
    public Published publish(Caller caller, String appId) {
        AccessPolicy.requireWrite(caller);
        App app = apps.lockApp(caller, appId);
        AppWorkflowDesign design = workflowDesign(app);
        List<DesignProblem> problems = validate(design.getFunctionDesignDraft());
        if (!problems.isEmpty()) {
            List<Map<String, Object>> list = problems.stream()
                    .map(p -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("nodeKey", p.nodeKey());
                        m.put("code", p.code());
                        m.put("message", p.message());
                        return m;
                    })
                    .toList();
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    "the workflow cannot be published: " + problems.size() + " problem(s), first: "
                            + (problems.get(0).nodeKey() == null
                                    ? ""
                                    : problems.get(0).nodeKey() + ": ")
                            + problems.get(0).message(),
                    Map.of("problems", list));
        }
        if (design.isPublish()
                && sameDesign(design.getUiDesignDraft(), design.getUiDesign())
                && sameDesign(design.getFunctionDesignDraft(), design.getFunctionDesign())) {
            // publishing what is published already makes no version that differs from nothing
            return new Published(design.getPublishedVersion(), design.getPublishedAt(), true);
        }
        var now = time.now();
        app.touch(now);
        int version = design.nextVersion();
        em.persist(new AppWorkflowVersion(
                app.getId(), version, design.getUiDesignDraft(), design.getFunctionDesignDraft(), now, caller.name()));
        design.publish(version, now);
        audit.record(caller, AuditAction.APP_PUBLISH, "app:" + appId, app.getName() + ": version " + version);
        return new Published(version, now, false);
    }

    /** The same JSON, whatever the order of its keys or its spacing. */
    private static boolean sameDesign(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Jsons.parse(a).equals(Jsons.parse(b));
    }

    /**
     * What changed from design {@code from} to design {@code to} of the app: each is {@code draft} or
     * a version number.
     */
    public DesignDiff diff(Caller caller, String appId, String from, String to) {
        apps.visibleApp(caller, appId);
        return DesignDiff.between(design(appId, from), design(appId, to));
    }

    private FunctionDesign design(String appId, String which) {
        String json;
        if ("draft".equals(which)) {
            json = apps.design(appId)
                    .map(AppWorkflowDesign::getFunctionDesignDraft)
                    .orElseThrow(
                            () -> new WorkflowException(ErrorCode.VERSION_NOT_FOUND, "app " + appId + " has no draft"));
        } else {
            int number;
            try {
                number = Integer.parseInt(which);
            } catch (NumberFormatException e) {
                throw WorkflowException.validation("version", "'" + which + "' is neither draft nor a version number");
            }
            json = apps.version(appId, number)
                    .map(AppWorkflowVersion::getFunctionDesign)
                    .orElseThrow(() -> new WorkflowException(
                            ErrorCode.VERSION_NOT_FOUND, "app " + appId + " has no version " + number));
        }
        if (json == null) {
            return new FunctionDesign(java.util.List.of(), java.util.List.of());
        }
        return FunctionDesignReader.read(Jsons.parse(json));
    }

    /** Every problem the validator finds in a design's JSON text (shape problems included). */
    public List<DesignProblem> validate(String functionDesignJson) {
        if (functionDesignJson == null) {
            return List.of(new DesignProblem(null, "EMPTY_DESIGN", "the draft has no functionDesign yet"));
        }
        FunctionDesign design;
        try {
            design = FunctionDesignReader.read(Jsons.parse(functionDesignJson));
        } catch (WorkflowException e) {
            return List.of(new DesignProblem(null, "MALFORMED_DESIGN", e.getMessage()));
        }
        return validator.validate(design);
    }

    public List<Version> versions(Caller caller, String appId) {
        apps.visibleApp(caller, appId);
        return em
                .createQuery(
                        "select v from AppWorkflowVersion v where v.appId = :app order by v.version desc",
                        AppWorkflowVersion.class)
                .setParameter("app", appId)
                .getResultList()
                .stream()
                .map(DefinitionService::view)
                .toList();
    }

    public Version version(Caller caller, String appId, int number) {
        apps.visibleApp(caller, appId);
        return apps.version(appId, number)
                .map(DefinitionService::view)
                .orElseThrow(() -> new WorkflowException(
                        ErrorCode.VERSION_NOT_FOUND, "app " + appId + " has no version " + number));
    }

    private AppWorkflowDesign workflowDesign(App app) {
        if (app.getAppType() != AppType.Workflow) {
            throw new WorkflowException(ErrorCode.CONFLICT, "app " + app.getId() + " is not a Workflow app");
        }
        return apps.design(app.getId())
                .orElseThrow(() -> new WorkflowException(
                        ErrorCode.APP_NOT_FOUND, "app " + app.getId() + " has no workflow design"));
    }

    private static void checkSize(String field, String json) {
        if (json != null && json.getBytes(StandardCharsets.UTF_8).length > MAX_DESIGN_BYTES) {
            throw new WorkflowException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    field + " is larger than " + MAX_DESIGN_BYTES + " bytes",
                    Map.of("field", field));
        }
    }

    private static Definition view(App a, AppWorkflowDesign d) {
        return new Definition(
                d.getId(),
                a.getId(),
                a.getName(),
                a.getDescription(),
                a.getAvatar(),
                d.isPublish(),
                d.getPublishedVersion(),
                d.getUiDesign(),
                d.getUiDesignDraft(),
                d.getFunctionDesign(),
                d.getFunctionDesignDraft(),
                a.getTraceLevel(),
                d.getCreatedAt(),
                a.getUpdatedAt().isAfter(d.getUpdatedAt()) ? a.getUpdatedAt() : d.getUpdatedAt());
    }

    private static Version view(AppWorkflowVersion v) {
        return new Version(
                v.getVersion(), v.getUiDesign(), v.getFunctionDesign(), v.getPublishedAt(), v.getPublishedBy());
    }
}
