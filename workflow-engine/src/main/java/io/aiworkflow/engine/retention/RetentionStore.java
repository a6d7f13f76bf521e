package io.aiworkflow.engine.retention;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Retention policies, the runs they put out, their deletion, and the record of each pass (JDBC). */
@ApplicationScoped
public class RetentionStore {

    /** Runs that have ended: only these are ever deleted. */
    private static final String ENDED = "i.state in ('Completed', 'Failed', 'Canceled')";

    /**
     * Runs still pointed at, which are kept: those an unfinished bulk operation names (as the run
     * it re-runs or the run it started), and the latest run of each of the app's schedules (its
     * page shows it; its overlap and catch-up decisions read it).
     */
    private static final String NOT_POINTED_AT = """
            not exists (select 1 from bulk_operation_item b join bulk_operation o on o.id = b.operation_id
                         where o.state in ('CREATED', 'RUNNING', 'PAUSED')
                           and (b.instance_id = i.id or b.source_instance_id = i.id))
            and not exists (select 1 from schedule s
                             where s.app_id = i.app_id
                               and i.id = (select f.instance_id from schedule_firing f
                                            where f.schedule_id = s.id and f.instance_id is not null
                                            order by f.scheduled_time desc limit 1))""";

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public RetentionStore() {}

    /** Outside the container (tests): a plain data source. */
    public RetentionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A run's place in an app's history, oldest first: where a pass goes on from. */
    public record Position(Timestamp startTime, String id) implements Serializable {}

    /** An app and the policy that applies to it (its own, or the platform default). */
    public record AppPolicy(String appId, RetentionPolicy policy, boolean own) implements Serializable {}

    /** The app's own policy; empty when it follows the platform default. */
    public Optional<RetentionPolicy> ofApp(String appId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select keep_days, keep_runs from app_retention where app_id = ?")) {
            ps.setString(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new RetentionPolicy(integer(rs, 1), integer(rs, 2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void set(String appId, RetentionPolicy policy, String by) {
        update("""
                insert into app_retention (app_id, keep_days, keep_runs, updated_by) values (?, ?, ?, ?)
                on conflict (app_id) do update
                   set keep_days = excluded.keep_days, keep_runs = excluded.keep_runs,
                       updated_at = now(), updated_by = excluded.updated_by""", appId, policy.keepDays(), policy.keepRuns(), by);
    }

    boolean anyAppPolicy() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select 1 from app_retention where keep_days is not null or keep_runs is not null limit 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app follows the platform default again. */
    public void clear(String appId) {
        update("delete from app_retention where app_id = ?", appId);
    }

    /** Every app (deleted ones too: their runs stay in history) whose policy may delete runs. */
    public List<AppPolicy> appsToPrune(RetentionPolicy platformDefault) {
        List<AppPolicy> apps = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select a.id, r.app_id is not null, r.keep_days, r.keep_runs"
                        + " from app a left join app_retention r on r.app_id = a.id order by a.id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                boolean own = rs.getBoolean(2);
                RetentionPolicy policy = own ? new RetentionPolicy(integer(rs, 3), integer(rs, 4)) : platformDefault;
                if (!policy.keepsAll()) {
                    apps.add(new AppPolicy(rs.getString(1), policy, own));
                }
            }
            return apps;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's {@code keepRuns}-th newest run: runs before it are beyond the limit. */
    public Optional<Position> lastKept(String appId, int keepRuns) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select start_time, id from workflow_instance"
                        + " where app_id = ? order by start_time desc, id desc offset ? limit 1")) {
            ps.setString(1, appId);
            ps.setInt(2, keepRuns - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Position(rs.getTimestamp(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Up to {@code limit} of the app's runs that the policy puts out, oldest first, after {@code
     * after} (null: from the oldest). {@code lastKept}: from {@link #lastKept}, when the policy
     * limits runs and the app has more.
     */
    public List<Position> expired(String appId, RetentionPolicy policy, Position lastKept, Position after, int limit) {
        StringBuilder sql = new StringBuilder(
                        "select i.start_time, i.id from workflow_instance i where i.app_id = ? and ")
                .append(ENDED);
        List<Object> args = new ArrayList<>(List.of(appId));
        List<String> limits = new ArrayList<>();
        if (policy.keepDays() != null) {
            limits.add("i.start_time < now() - make_interval(days => ?)");
            args.add(policy.keepDays());
        }
        if (lastKept != null) {
            limits.add("(i.start_time, i.id) < (?, ?)");
            args.add(lastKept.startTime());
            args.add(lastKept.id());
        }
        if (limits.isEmpty()) {
            return List.of();
        }
        sql.append(" and (").append(String.join(" or ", limits)).append(")");
        if (after != null) {
            sql.append(" and (i.start_time, i.id) > (?, ?)");
            args.add(after.startTime());
            args.add(after.id());
        }
        sql.append(" and ")
                .append(NOT_POINTED_AT)
                .append(" order by i.start_time, i.id limit ")
                .append(limit);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args.toArray());
            List<Position> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Position(rs.getTimestamp(1), rs.getString(2)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes these runs (if still ended) with their traces, events and node executions, counting
     * them on the pass; in the caller's transaction, if there is one. Returns how many were deleted.
     */
    public int delete(long passId, List<String> runIds) {
        if (runIds.isEmpty()) {
            return 0;
        }
        String[] ids = runIds.toArray(String[]::new);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "select i.id from workflow_instance i where i.id = any(?) and " + ENDED + " for update")) {
                ps.setArray(1, c.createArrayOf("varchar", ids));
                List<String> ended = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ended.add(rs.getString(1));
                    }
                }
                ids = ended.toArray(String[]::new);
            }
            // what refers to the runs first, then the runs, whose count is the pass's
            for (String table : List.of("trace_frame", "trace_event", "instance_event", "node_execution")) {
                deleteWhere(c, "delete from " + table + " where instance_id = any(?)", ids);
            }
            int deleted = deleteWhere(c, "delete from workflow_instance where id = any(?)", ids);
            try (PreparedStatement ps =
                    c.prepareStatement("update retention_pass set runs_deleted = runs_deleted + ? where id = ?")) {
                ps.setInt(1, deleted);
                ps.setLong(2, passId);
                ps.executeUpdate();
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int deleteWhere(Connection c, String sql, String[] ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", ids));
            return ps.executeUpdate();
        }
    }

    /** A pass as recorded. */
    public record Pass(
            long id,
            String state,
            String startedBy,
            boolean nightly,
            OffsetDateTime startedAt,
            OffsetDateTime endedAt,
            long runsDeleted,
            String error) {}

    /**
     * Records a pass that starts; its id. For the nightly pass ({@code night} set), empty when
     * another server has started that night's pass already.
     */
    public Optional<Long> open(String startedBy, String serverId, LocalDate night) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into retention_pass (nightly_date, started_by, server_id, state) values (?, ?, ?,"
                                + " 'STARTING') on conflict (nightly_date) do nothing returning id")) {
            ps.setObject(1, night, Types.DATE);
            ps.setString(2, startedBy);
            ps.setString(3, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a pass is under way (one started in the last day and not ended). */
    public boolean anyUnderWay() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1 from retention_pass where state in"
                        + " ('STARTING', 'RUNNING') and started_at > now() - interval '1 day'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void running(long passId, long executionId) {
        update("update retention_pass set state = 'RUNNING', execution_id = ? where id = ?", executionId, passId);
    }

    public void end(long passId, String state, String error) {
        update("update retention_pass set state = ?, error = ?, ended_at = now() where id = ?", state, error, passId);
    }

    public Optional<Pass> pass(long id) {
        return passes("where id = ?", id, 1).stream().findFirst();
    }

    /** The latest passes, newest first. */
    public List<Pass> recent(int count) {
        return passes("", null, count);
    }

    private List<Pass> passes(String where, Object arg, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select id, state, started_by, nightly_date is not null,"
                        + " started_at, ended_at, runs_deleted, error from retention_pass " + where
                        + " order by id desc limit " + limit)) {
            if (arg != null) {
                ps.setObject(1, arg);
            }
            List<Pass> passes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    passes.add(new Pass(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            time(rs.getTimestamp(5)),
                            time(rs.getTimestamp(6)),
                            rs.getLong(7),
                            rs.getString(8)));
                }
            }
            return passes;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }
}
