package io.aiworkflow.engine.insight;

import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The caller's team's run history summed up per UTC day over a window of days, for the dashboard.
 * Each figure is one grouped query over the team's runs in the window (the team and start-time
 * index bounds it), so the dashboard costs the same whatever the history's length.
 */
@ApplicationScoped
public class RunStatistics {

    /** Longest window the dashboard reads. */
    public static final int MAX_DAYS = 90;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public RunStatistics() {}

    /** Outside the container (tests): a plain data source. */
    public RunStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One day: runs started that day by state, the share of ended runs that failed, duration
     * percentiles of ended runs (null without any) and tokens used.
     */
    public record Day(
            LocalDate day, Map<String, Long> runsByState, double failureRate, Long p50Ms, Long p95Ms, long tokens) {}

    public record AppTokens(String appId, String appName, long tokens) {}

    public record FailingNode(String appId, String appName, String nodeKey, long failures) {}

    public record Summary(List<Day> days, List<AppTokens> tokensByApp, List<FailingNode> failingNodes) {}

    /** The last {@code days} UTC days up to and including {@code today}, each present even when empty. */
    public Summary summary(Caller caller, LocalDate today, int days) {
        int window = Math.max(1, Math.min(days, MAX_DAYS));
        LocalDate first = today.minusDays(window - 1L);
        Timestamp from = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to =
                Timestamp.from(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        try (Connection c = dataSource.getConnection()) {
            Map<LocalDate, Map<String, Long>> byState = new TreeMap<>();
            for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                byState.put(d, new LinkedHashMap<>());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "select (start_time at time zone 'UTC')::date as day, state, count(*) from workflow_instance"
                            + " where team_id = ? and start_time >= ? and start_time < ? group by 1, 2")) {
                bind(ps, caller.teamId(), from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byState.computeIfAbsent(rs.getDate(1).toLocalDate(), d -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            Map<LocalDate, long[]> figures = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("select (start_time at time zone 'UTC')::date as day,"
                    + " percentile_cont(0.5) within group (order by duration_ms),"
                    + " percentile_cont(0.95) within group (order by duration_ms),"
                    + " coalesce(sum(total_tokens), 0),"
                    + " count(*) filter (where state = 'Failed'),"
                    + " count(*) filter (where state in ('Completed', 'Failed', 'Canceled'))"
                    + " from workflow_instance where team_id = ? and start_time >= ? and start_time < ? group by 1")) {
                bind(ps, caller.teamId(), from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double p50 = rs.getDouble(2);
                        boolean none = rs.wasNull();
                        double p95 = rs.getDouble(3);
                        figures.put(rs.getDate(1).toLocalDate(), new long[] {
                            none ? -1 : Math.round(p50),
                            none ? -1 : Math.round(p95),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6)
                        });
                    }
                }
            }
            List<Day> result = new ArrayList<>();
            for (Map.Entry<LocalDate, Map<String, Long>> e : byState.entrySet()) {
                long[] f = figures.getOrDefault(e.getKey(), new long[] {-1, -1, 0, 0, 0});
                result.add(new Day(
                        e.getKey(),
                        e.getValue(),
                        f[4] == 0 ? 0 : (double) f[3] / f[4],
                        f[0] < 0 ? null : f[0],
                        f[1] < 0 ? null : f[1],
                        f[2]));
            }
            return new Summary(result, tokensByApp(c, caller, from, to), failingNodes(c, caller, from, to));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum up the run history", e);
        }
    }

    private static List<AppTokens> tokensByApp(Connection c, Caller caller, Timestamp from, Timestamp to)
            throws SQLException {
        List<AppTokens> apps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select i.app_id, a.name, sum(i.total_tokens) as tokens"
                + " from workflow_instance i join app a on a.id = i.app_id"
                + " where i.team_id = ? and i.start_time >= ? and i.start_time < ?"
                + " group by i.app_id, a.name having sum(i.total_tokens) > 0 order by tokens desc, a.name limit 10")) {
            bind(ps, caller.teamId(), from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    apps.add(new AppTokens(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return apps;
    }

    private static List<FailingNode> failingNodes(Connection c, Caller caller, Timestamp from, Timestamp to)
            throws SQLException {
        List<FailingNode> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select i.app_id, a.name, n.node_key, count(*) as failures"
                + " from node_execution n join workflow_instance i on i.id = n.instance_id"
                + " join app a on a.id = i.app_id"
                + " where i.team_id = ? and i.start_time >= ? and i.start_time < ? and n.state = 'Failed'"
                + " group by i.app_id, a.name, n.node_key order by failures desc, a.name, n.node_key limit 10")) {
            bind(ps, caller.teamId(), from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new FailingNode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return nodes;
    }

    private static void bind(PreparedStatement ps, long teamId, Timestamp from, Timestamp to) throws SQLException {
        ps.setLong(1, teamId);
        ps.setTimestamp(2, from);
        ps.setTimestamp(3, to);
    }

    /** Today as the dashboard counts days: in UTC, as every time in the console. */
    public static LocalDate todayUtc(Instant now) {
        return now.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
