package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What starting a run needs to know of its app, read on every execution: one indexed query over the
 * app and its design row (not the entities, whose design row carries four design texts), and the
 * parsed design of the published version, cached because published versions never change.
 */
@ApplicationScoped
public class RunnableApps {

    private static final int MAX_CACHED_DESIGNS = 1_000;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** Parsed published designs by app and version number. */
    private final Map<String, FunctionDesign> designs = new ConcurrentHashMap<>();

    /** For CDI. */
    public RunnableApps() {}

    /** Outside the container (tests): a plain data source. */
    public RunnableApps(DataSource dataSource) {
        this.dataSource = dataSource;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select a.team_id, a.name, a.app_type, a.disabled, a.deleted, a.trace_level,"
                                + " d.id, d.is_publish, d.published_version"
                                + " from app a left join app_workflow_design d on d.app_id = a.id"
                                + " where a.id = ?")) {
            ps.setString(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean("deleted") || !AccessPolicy.canSee(caller, rs.getLong("team_id"))) {
                    throw notFound(appId);
                }
                if (AppType.of(rs.getInt("app_type")) != AppType.Workflow) {
                    throw new WorkflowException(ErrorCode.CONFLICT, "app " + appId + " is not a Workflow app");
                }
                if (rs.getBoolean("disabled")) {
                    throw new WorkflowException(ErrorCode.APP_DISABLED, "app " + appId + " is disabled");
                }
                int version = rs.getInt("published_version");
                boolean published = !rs.wasNull() && rs.getBoolean("is_publish");
                return new RunnableApp(
                        appId,
                        rs.getLong("team_id"),
                        rs.getString("name"),
                        rs.getString("trace_level"),
                        rs.getString("id"),
                        published ? version : null);
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
            if (designs.size() >= MAX_CACHED_DESIGNS) {
                designs.clear();
            }
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
