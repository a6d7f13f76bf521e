package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.platform.BoundedMaps;
import io.aiworkflow.engine.platform.CacheInvalidation;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What starting a run needs to know of its app, read on every execution: one indexed query over the
 * app and its design row (not the entities, whose design row carries four design texts), and the
 * parsed design of the published version, cached because published versions never change.
 *
 * <p>The app's row is remembered for {@value #RECHECK_MILLIS} ms: reading it was a query and a
 * pooled connection on every execution, where one per app every few seconds will do. A change made
 * on this server (every change locks the app's row first, {@link AppRepository#lockApp}) has the
 * row forgotten at once and again once it commits, so it applies to the next start; a change made
 * on another server applies here within that time. Who may start runs is checked on every call,
 * against the caller. Only apps that exist are remembered, at most {@value #MAX_APPS}.
 */
@ApplicationScoped
public class RunnableApps {

    static final long RECHECK_MILLIS = 2_000;
    private static final int MAX_APPS = 10_000;
    private static final int MAX_CACHED_DESIGNS = 1_000;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private LongSupplier nanoTime = System::nanoTime;

    /** Parsed published designs by app and version number. */
    private final Map<String, FunctionDesign> designs = BoundedMaps.of(MAX_CACHED_DESIGNS);

    /**
     * The app's row as last read: what a start is given, what refuses one, and when it was read (by
     * {@link #nanoTime}).
     */
    private record AppRow(RunnableApp app, int appType, boolean disabled, boolean deleted, long readAt) {}

    private final Map<String, AppRow> rows = BoundedMaps.of(MAX_APPS);
    /** Counts changes: a read that a change overtook is not remembered. */
    private final AtomicLong changes = new AtomicLong();

    /** For CDI. */
    public RunnableApps() {}

    /** Outside the container (tests): a plain data source, and the clock that ages remembered rows. */
    public RunnableApps(DataSource dataSource, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
    }

    /** An app a run may start in, as it stands now. {@code designId} and {@code publishedVersion} may be null. */
    public record RunnableApp(
            String id, long teamId, String name, String traceLevel, String designId, Integer publishedVersion) {}

    /**
     * The app, if the caller may start runs in it: write access (FORBIDDEN), visible and not deleted
     * (APP_NOT_FOUND), a Workflow app (CONFLICT), not disabled (APP_DISABLED).
     */
    public RunnableApp runnable(Caller caller, String appId) {
        AccessPolicy.requireWrite(caller);
        if (appId == null) {
            throw notFound(null);
        }
        AppRow app = row(appId);
        if (app == null
                || app.deleted()
                || !AccessPolicy.canSee(caller, app.app().teamId())) {
            throw notFound(appId);
        }
        if (AppType.of(app.appType()) != AppType.Workflow) {
            throw new WorkflowException(ErrorCode.CONFLICT, "app " + appId + " is not a Workflow app");
        }
        if (app.disabled()) {
            throw new WorkflowException(ErrorCode.APP_DISABLED, "app " + appId + " is disabled");
        }
        return app.app();
    }

    /** The current transaction changes the app: its row is read again by the next start. */
    public void changing(String appId) {
        if (appId == null) {
            return;
        }
        CacheInvalidation.nowAndAfterCompletion(transactions, () -> {
            changes.incrementAndGet();
            rows.remove(appId);
        });
    }

    private AppRow row(String appId) {
        long now = nanoTime.getAsLong();
        AppRow known = rows.get(appId);
        if (known != null && now - known.readAt() < TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)) {
            return known;
        }
        long changesBefore = changes.get();
        AppRow read = read(appId, now);
        if (read == null) {
            rows.remove(appId);
        } else if (changes.get() == changesBefore) {
            rows.put(appId, read);
        }
        return read;
    }

    /** The app's row as it stands, or null when there is none. */
    private AppRow read(String appId, long now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select a.team_id, a.name, a.app_type, a.disabled, a.deleted, a.trace_level,"
                                + " d.id, d.is_publish, d.published_version"
                                + " from app a left join app_workflow_design d on d.app_id = a.id"
                                + " where a.id = ?")) {
            ps.setString(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int version = rs.getInt("published_version");
                boolean published = !rs.wasNull() && rs.getBoolean("is_publish");
                RunnableApp app = new RunnableApp(
                        appId,
                        rs.getLong("team_id"),
                        rs.getString("name"),
                        rs.getString("trace_level"),
                        rs.getString("id"),
                        published ? version : null);
                return new AppRow(app, rs.getInt("app_type"), rs.getBoolean("disabled"), rs.getBoolean("deleted"), now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading app " + appId + " failed", e);
        }
    }

    /** As {@link #runnable}, and the app must have a published version (NOT_PUBLISHED). */
    public RunnableApp published(Caller caller, String appId) {
        RunnableApp app = runnable(caller, appId);
        if (app.publishedVersion() == null) {
            throw new WorkflowException(ErrorCode.NOT_PUBLISHED, "app " + appId + " has no published version");
        }
        return app;
    }

    /** The parsed design of a published version of the app. */
    public FunctionDesign design(RunnableApp app) {
        String key = app.id() + ":" + app.publishedVersion();
        FunctionDesign design = designs.get(key);
        if (design == null) {
            design = FunctionDesignReader.read(Jsons.parse(versionText(app.id(), app.publishedVersion())));
            designs.put(key, design);
        }
        return design;
    }

    private String versionText(String appId, int version) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select function_design from app_workflow_version where app_id = ? and version = ?")) {
            ps.setString(1, appId);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new WorkflowException(
                            ErrorCode.NOT_PUBLISHED, "app " + appId + " has no published version " + version);
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading version " + version + " of app " + appId + " failed", e);
        }
    }

    private static WorkflowException notFound(String appId) {
        return new WorkflowException(ErrorCode.APP_NOT_FOUND, "no app with id " + appId);
    }
}
