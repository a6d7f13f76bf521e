package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.model.app.AppWorkflowVersion;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Optional;
import java.util.function.Function;

/**
 * Finds apps the way every service must: deleted apps and other teams' apps do not exist for the caller.
 * Outside a transaction the reads use an entity manager of their own: bulk operations and schedules
 * start runs from managed-executor threads, where the container's entity manager used without a
 * transaction intermittently failed (closed, or closed while in use, by another invocation), and a
 * transaction cannot be opened there (a schedule's firing holds its own JDBC transaction while its
 * run starts).
 */
@ApplicationScoped
public class AppRepository {

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @PersistenceUnit(unitName = "workflow")
    private EntityManagerFactory factory;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Inject
    private RunnableApps runnableApps;

    private <T> T read(Function<EntityManager, T> query) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return query.apply(em);
        }
        EntityManager own = factory.createEntityManager();
        try {
            return query.apply(own);
        } finally {
            own.close();
        }
    }

    /** The app if the caller's team may see it and it is not deleted; otherwise APP_NOT_FOUND. */
    public App visibleApp(Caller caller, String appId) {
        App app = appId == null ? null : read(m -> m.find(App.class, appId));
        return requireVisible(caller, app, appId);
    }

    /** As {@link #visibleApp}, locked for update until the transaction ends (serializes publishes). */
    public App lockApp(Caller caller, String appId) {
        runnableApps.changing(appId);
        App app = appId == null ? null : em.find(App.class, appId, LockModeType.PESSIMISTIC_WRITE);
        return requireVisible(caller, app, appId);
    }

    /** For internal projections that already know the run is allowed: no caller check. */
    public Optional<App> byId(String appId) {
        return Optional.ofNullable(appId == null ? null : read(m -> m.find(App.class, appId)));
    }

    public Optional<AppWorkflowDesign> design(String appId) {
        return read(m -> m
                .createQuery("select d from AppWorkflowDesign d where d.appId = :app", AppWorkflowDesign.class)
                .setParameter("app", appId)
                .getResultList()
                .stream()
                .findFirst());
    }

    /** One published version of the app's workflow (immutable once published). */
    public Optional<AppWorkflowVersion> version(String appId, int number) {
        return read(m -> m
                .createQuery(
                        "select v from AppWorkflowVersion v where v.appId = :app and v.version = :n",
                        AppWorkflowVersion.class)
                .setParameter("app", appId)
                .setParameter("n", number)
                .getResultList()
                .stream()
                .findFirst());
    }

    private static App requireVisible(Caller caller, App app, String appId) {
        if (app == null || app.isDeleted() || !AccessPolicy.canSee(caller, app.getTeamId())) {
            throw new WorkflowException(ErrorCode.APP_NOT_FOUND, "no app with id " + appId);
        }
        return app;
    }
}
