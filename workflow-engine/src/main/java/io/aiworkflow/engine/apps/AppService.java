package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.model.security.Team;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.apps.AppViews.NewApp;
import io.aiworkflow.engine.apps.AppViews.Page;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.List;
import java.util.Locale;

/** The app lifecycle of the REST API: create, soft-delete, enable/disable, list. */
@Stateless
public class AppService {

    @Inject
    private AuditLog audit;

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private TimeSource time;

    @Inject
    private AppRepository repository;

    public AppSummary create(Caller caller, NewApp request) {
        AccessPolicy.requireWrite(caller);
        long teamId = AccessPolicy.teamFor(caller, request.teamId());
        if (em.find(Team.class, teamId) == null) {
            throw new WorkflowException(ErrorCode.TEAM_NOT_FOUND, "no team with id " + teamId);
        }
        if (request.name() == null || request.name().isBlank()) {
            // the console and the API both come here: a name of spaces is no name
            throw WorkflowException.validation("name", "is required");
        }
        if (request.appType() == null) {
            throw WorkflowException.validation("appType", "is required (0 Chat, 1 Agent, 2 Workflow)");
        }
        AppType type;
        try {
            type = AppType.of(request.appType());
        } catch (IllegalArgumentException e) {
            throw WorkflowException.validation("appType", "must be 0 (Chat), 1 (Agent) or 2 (Workflow)");
        }
        var now = time.now();
        App app = new App(
                teamId,
                request.name().trim(),
                request.description(),
                request.avatar(),
                type,
                request.classifyId(),
                now);
        em.persist(app);
        AppWorkflowDesign design = null;
        if (type == AppType.Workflow) {
            design = new AppWorkflowDesign(app.getId(), now);
            em.persist(design);
        }
        em.flush();
        audit.record(caller, AuditAction.APP_CREATE, "app:" + app.getId(), app.getName());
        return summary(app, design);
    }

    public void delete(Caller caller, String appId) {
        AccessPolicy.requireWrite(caller);
        App app = repository.lockApp(caller, appId);
        var now = time.now();
        app.markDeleted(now);
        repository.design(appId).ifPresent(d -> d.markDeleted(now));
        audit.record(caller, AuditAction.APP_DELETE, "app:" + appId, app.getName());
    }

    public AppSummary setDisabled(Caller caller, String appId, boolean disabled) {
        AccessPolicy.requireWrite(caller);
        App app = repository.lockApp(caller, appId);
        app.setDisabled(disabled, time.now());
        audit.record(
                caller, disabled ? AuditAction.APP_DISABLE : AuditAction.APP_ENABLE, "app:" + appId, app.getName());
        return summary(app, repository.design(appId).orElse(null));
    }

    /**
     * The app's name as a run's page shows it: a deleted app's runs stay in history, so its name
     * stays readable, marked as deleted. The id when the caller may not see the app.
     */
    public AppLabel labelInHistory(Caller caller, String appId) {
        return repository
                .byId(appId)
                .filter(a -> AccessPolicy.canSee(caller, a.getTeamId()))
                .map(a -> new AppLabel(a.getName(), a.isDeleted()))
                .orElse(new AppLabel(appId, false));
    }

    /** An app's name, and whether it was deleted. */
    public record AppLabel(String name, boolean deleted) {}

    public AppSummary get(Caller caller, String appId) {
        App app = repository.visibleApp(caller, appId);
        return summary(app, repository.design(appId).orElse(null));
    }

    public Page<AppSummary> list(Caller caller, AppQuery query) {
        long teamId = AccessPolicy.teamFor(caller, query.teamId());
        String where = " from App a where a.teamId = :team and a.deleted = false"
                + (query.appType() != null ? " and a.appType = :type" : "")
                + (query.nameContains() != null && !query.nameContains().isBlank()
                        ? " and lower(a.name) like :name"
                        : "");
        TypedQuery<Long> count = em.createQuery("select count(a)" + where, Long.class);
        TypedQuery<App> items = em.createQuery("select a" + where + " order by " + query.orderBy(), App.class);
        for (TypedQuery<?> q : List.of(count, items)) {
            q.setParameter("team", teamId);
            if (query.appType() != null) {
                q.setParameter("type", query.appType());
            }
            if (query.nameContains() != null && !query.nameContains().isBlank()) {
                q.setParameter(
                        "name",
                        "%" + query.nameContains().toLowerCase(Locale.ROOT).replace("%", "\\%") + "%");
            }
        }
        List<App> apps = items.setFirstResult((query.page() - 1) * query.pageSize())
                .setMaxResults(query.pageSize())
                .getResultList();
        List<AppSummary> summaries = apps.stream()
                .map(a -> summary(a, repository.design(a.getId()).orElse(null)))
                .toList();
        return new Page<>(count.getSingleResult(), query.page(), query.pageSize(), summaries);
    }

    static AppSummary summary(App a, AppWorkflowDesign d) {
        return new AppSummary(
                a.getId(),
                a.getName(),
                a.getDescription(),
                a.getAvatar(),
                a.getAppType().code(),
                a.getTeamId(),
                a.getClassifyId(),
                a.isDisabled(),
                d != null && d.isPublish(),
                d == null ? null : d.getPublishedVersion(),
                a.getCreatedAt(),
                a.getUpdatedAt());
    }
}
