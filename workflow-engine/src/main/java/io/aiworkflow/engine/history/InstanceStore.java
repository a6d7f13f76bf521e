package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.NodeRunState;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.execution.RunLease;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.Page;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.history.InstanceViews.Summary;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution history in PostgreSQL through plain JDBC: runs are opened here (before the engine
 * starts, so an instance id handed to a client always exists) and read back for the API.
 */
@ApplicationScoped
public class InstanceStore {

    static final int LEASE_SECONDS = 30;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public InstanceStore() {}

    /** Outside the container (benchmarks): a plain data source. */
    public InstanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a run that begins, in a commit of its own. */
    public void open(NewInstance instance) {
        update(NewInstance.insert("", 0), ps -> instance.bind(ps, RunState.RUNNING.wire()));
    }

    /** A run started through the API. */
    public void open(
            String id,
            String appId,
            long teamId,
            String designId,
            int version,
            JsonObject parameters,
            Caller startedBy,
            String serverId,
            Instant start) {
        open(new NewInstance(
                id,
                appId,
                teamId,
                designId,
                version,
                parameters,
                startedBy,
                serverId,
                start,
                RunOrigin.API,
                null,
                RunLineage.NONE));
    }

    /**
     * SQL closing the instances {@code where} selects (alias {@code i}) as Failed, with a final
     * {@code workflow_error} event for clients that replay them. Parameters: the error code, the
     * message, then those of {@code where}.
     */
    static String failWithFinalEvent(String where) {
        return """
                with failed as (
                    update workflow_instance i
                       set state = 'Failed', error_code = ?, error_message = ?, waiting_nodes = null,
                           end_time = now(), duration_ms = (extract(epoch from now() - i.start_time) * 1000)::bigint
                     where %s
                    returning i.id, i.error_code, i.error_message)
                insert into instance_event (instance_id, seq, payload)
                select f.id, coalesce((select max(e.seq) from instance_event e where e.instance_id = f.id), 0) + 1000000,
                       json_build_object('type', 'workflow_error', 'instanceId', f.id,
                           'error', json_build_object('code', f.error_code, 'message', f.error_message),
                           'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
                  from failed f
                """.formatted(where);
    }

    /** Closes a waiting run that can no longer go on (its design is gone) as Failed with this code. */
    public void failWaiting(String id, String code, String message) {
        update(failWithFinalEvent("i.id = ? and i.state = 'Waiting'"), ps -> {
            ps.setString(1, code);
            ps.setString(2, message);
            ps.setString(3, id);
        });
    }

    /** A server that has not beaten for this long is taken to be gone. */
    public static final int SERVER_STALE_SECONDS = 20;

    /**
     * SQL condition on a {@code workflow_instance i}: its server left or stopped beating, and holds no
     * lease on it ({@link #lease}). A run of such a server can never finish there; a waiting one may
     * be taken over.
     */
    public static final String SERVER_GONE = "((i.lease_until is null or i.lease_until < now()) and not exists ("
            + "select 1 from server_heartbeat h where h.server_id = i.server_id"
            + " and h.heartbeat_at > now() - make_interval(secs => " + SERVER_STALE_SECONDS + ")))";

    /** A waiting run, its team and who started it (its sys.userId; 0 for an API key). */
    public record WaitingRun(String id, long teamId, long userId) {}

    /**
     * Waiting runs whose server left or stopped beating (their confirmation timers are not running
     * anywhere), and those of {@code serverId} itself, which it may have claimed without resuming.
     */
    public List<WaitingRun> orphanedWaiting(String serverId) {
        return query(
                "select id, team_id, started_by_user_id from workflow_instance i where i.state = 'Waiting' and ("
                        + SERVER_GONE + " or i.server_id = ?) order by start_time limit 100",
                ps -> ps.setString(1, serverId),
                rs -> new WaitingRun(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /** How one node run ended, and in which scope ({@link NodeRef#scope()}). */
    /** {@code seq}: the sequence number of the event that ended it (see {@link NodeExecutionIds}). */
    public record EndedNodeRun(
            String scope,
            String nodeKey,
            boolean completed,
            JsonValue input,
            JsonValue output,
            String branch,
            RunError error,
            long seq) {

        /** What resume needs of it: its outcome. */
        public EndedNodeRun(
                String scope, String nodeKey, boolean completed, JsonValue output, String branch, RunError error) {
            this(scope, nodeKey, completed, null, output, branch, error, 0);
        }

        /** Its outcome only: resume needs nothing else. */
        public EndedNodeRun outcome() {
            return new EndedNodeRun(scope, nodeKey, completed, output, branch, error);
        }
    }

    /**
     * The node runs of the instance that completed or failed (not those stopped with their scope:
     * ABORTED, CANCELED), in the order they ended.
     */
    public List<EndedNodeRun> endedNodeRuns(String id) {
        return query(
                "select scope, node_key, state, output, branch, error_code, error_message, input, seq from node_execution"
                        // rows from before scopes were recorded (V7) are taken for top-level ones only if they are
                        + " where instance_id = ? and state in ('Completed', 'Failed') and (scope <> '' or invoke_id = node_key)"
                        + " and coalesce(error_code, '') not in ('ABORTED', 'CANCELED') order by seq",
                ps -> ps.setString(1, id),
                rs -> new EndedNodeRun(
                        rs.getString(1),
                        rs.getString(2),
                        NodeRunState.COMPLETED.wire().equals(rs.getString(3)),
                        json(rs.getString(8)),
                        json(rs.getString(4)),
                        rs.getString(5),
                        error(rs, 6),
                        rs.getLong(9)));
    }

    /** The run's starter as {@link #orphanedWaiting} gives it, whatever its server. */
    public WaitingRun recordedRun(String id) {
        List<WaitingRun> runs = query(
                "select id, team_id, started_by_user_id from workflow_instance where id = ?",
                ps -> ps.setString(1, id),
                rs -> new WaitingRun(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        if (runs.isEmpty()) {
            throw new WorkflowException(ErrorCode.INSTANCE_NOT_FOUND, "no instance with id " + id);
        }
        return runs.get(0);
    }

    /**
     * What a take-over needs beyond the ended node runs: the last event sequence stored, and when each
     * node run still waiting began to wait (by scope and node key), as the history writer recorded them.
     */
    public record RecordedWait(long lastSequence, Map<String, Instant> waitingSince, RunOrigin origin) {}

    /** The version a run of an unsaved draft records: drafts have no version number of their own. */
    public static final int DRAFT_VERSION = 0;

    /** The runs that replay or retry run {@code id} (of the same team), oldest first. */
    public List<String> replaysOf(String id) {
        return query(
                "select id from workflow_instance where replay_of = ? order by start_time, id",
                ps -> ps.setString(1, id),
                rs -> rs.getString(1));
    }

    /** The design a run of an unsaved draft ran; empty for a run of a published version. */
    public Optional<String> draftDesign(String id) {
        return query(
                        "select draft_design from workflow_instance where id = ? and draft_design is not null",
                        ps -> ps.setString(1, id),
                        rs -> rs.getString(1))
                .stream()
                .findFirst();
    }

    public RecordedWait recordedWait(String id) {
        List<RecordedWait> rows = query(
                "select (select coalesce(max(seq), 0) from instance_event e"
                        + " where e.instance_id = i.id), i.waiting_nodes, i.origin from workflow_instance i where i.id = ?",
                ps -> ps.setString(1, id),
                rs -> new RecordedWait(
                        rs.getLong(1),
                        WaitingNodes.sinceByScopeAndKey(rs.getString(2)),
                        RunOrigin.valueOf(rs.getString(3))));
        if (rows.isEmpty()) {
            throw new WorkflowException(ErrorCode.INSTANCE_NOT_FOUND, "no instance with id " + id);
        }
        return rows.get(0);
    }

    public Instance get(Caller caller, String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select * from workflow_instance where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !AccessPolicy.canSee(caller, rs.getLong("team_id"))) {
                    throw new WorkflowException(ErrorCode.INSTANCE_NOT_FOUND, "no instance with id " + id);
                }
                return new Instance(
                        id,
                        rs.getString("app_id"),
                        rs.getLong("team_id"),
                        rs.getString("workflow_design_id"),
                        rs.getInt("version"),
                        rs.getString("state"),
                        time(rs, "start_time"),
                        time(rs, "end_time"),
                        nullableLong(rs, "duration_ms"),
                        json(rs.getString("parameters")),
                        json(rs.getString("result")),
                        error(rs),
                        tokens(rs),
                        rs.getString("started_by"),
                        rs.getString("replay_of"),
                        rs.getString("bulk_operation_id"),
                        rs.getString("repeat_of"),
                        rs.getString("schedule_id"),
                        time(rs, "scheduled_time"),
                        nodeExecutions(c, id));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a run was opened under {@code id}. */
    public boolean exists(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1 from workflow_instance where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the instance exists and the caller may see it (else INSTANCE_NOT_FOUND). */
    public RunState stateOf(Caller caller, String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select team_id, state from workflow_instance where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !AccessPolicy.canSee(caller, rs.getLong("team_id"))) {
                    throw new WorkflowException(ErrorCode.INSTANCE_NOT_FOUND, "no instance with id " + id);
                }
                return RunState.of(rs.getString("state"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first. {@code appId} is required by the API; without it the caller's team's runs are listed. */
    public Page list(Caller caller, String appId, String state, Instant from, Instant to, int page, int pageSize) {
        return list(caller, RunFilter.of(appId, state, from, to), page, pageSize);
    }

    /** Newest first, the caller's team's runs that the filter lets through. */
    public Page list(Caller caller, RunFilter filter, int page, int pageSize) {
        return list(caller, filter, RunSort.NEWEST, page, pageSize);
    }

    /**
     * A list's {@code total} is counted up to this many runs; beyond, it says "at least" ({@code
     * totalExact} false): counting a million runs for every page would cost more than the page.
     */
    public static final int TOTAL_COUNTED = 10_000;

    /** As {@link #TOTAL_COUNTED}, for a search, which no index puts in the list's order. */
    public static final int TOTAL_COUNTED_CHECKED_RUN_BY_RUN = 100;

    /** The caller's team's runs that the filter lets through, in the sort's order. */
    public Page list(Caller caller, RunFilter filter, RunSort sort, int page, int pageSize) {
        return list(caller, filter, sort, page, pageSize, null);
    }

    /**
     * As {@link #list(Caller, RunFilter, RunSort, int, int)}; with {@code after} (a page's {@code
     * nextCursor}), the page of runs after that one instead of page number {@code page}.
     */
    public Page list(Caller caller, RunFilter filter, RunSort sort, int page, int pageSize, String after) {
        int size = pageSize <= 0 ? 20 : Math.min(pageSize, 200);
        RunCursor cursor = after == null || after.isBlank() ? null : RunCursor.decode(after.strip(), sort);
        int p = cursor != null ? 1 : Math.max(page, 1);
        try (Connection c = dataSource.getConnection()) {
            ListQuery query = listQuery(caller.teamId(), filter, sort, cursor, p, size);
            long total;
            try (PreparedStatement ps = c.prepareStatement(query.countSql())) {
                bind(ps, query.countArgs());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Summary> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query.pageSql())) {
                bind(ps, query.pageArgs());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Summary(
                                rs.getString("id"),
                                rs.getString("app_id"),
                                rs.getInt("version"),
                                rs.getString("state"),
                                time(rs, "start_time"),
                                time(rs, "end_time"),
                                nullableLong(rs, "duration_ms"),
                                tokens(rs),
                                rs.getString("replay_of"),
                                rs.getString("schedule_id"),
                                time(rs, "scheduled_time"),
                                rs.getString("error_code"),
                                rs.getString("error_message")));
                    }
                }
            }
            String next = items.size() < size
                    ? null
                    : RunCursor.after(sort, items.get(items.size() - 1)).encode();
            return new Page(Math.min(total, query.counted()), total <= query.counted(), p, size, next, items);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two statements of a runs list page: how many match (up to a bound), and the page. */
    record ListQuery(String countSql, List<Object> countArgs, int counted, String pageSql, List<Object> pageArgs) {}

    static ListQuery listQuery(long teamId, RunFilter filter, RunSort sort, RunCursor cursor, int page, int size) {
        List<Object> args = new ArrayList<>();
        boolean failuresOnly = filter.failedNodeOnly();
        StringBuilder where =
                new StringBuilder(failuresOnly ? filter.failuresSource(teamId, args) : filter.listSource(teamId, args));
        String table = filter.listedTable();
        // a search is checked run by run: counting far costs too much
        int counted = filter.search() != null ? TOTAL_COUNTED_CHECKED_RUN_BY_RUN : TOTAL_COUNTED;
        // in start-time order: the planner then counts along the team's index instead of betting that
        // a scan of the whole table finds the first rows of this team early
        String countSql = "select count(*) from (select 1" + where + " order by " + RunSort.NEWEST.orderBy(table)
                + " limit " + (counted + 1) + ") counted";
        List<Object> countArgs = List.copyOf(args);
        if (failuresOnly && sort.field() != RunSort.Field.START_TIME) {
            // ordered by a column of the runs: page over the runs joined
            args.clear();
            where = new StringBuilder(filter.listSource(teamId, args));
        }
        if (cursor != null) {
            cursor.appendTo(sort, table, where, args);
        }
        String limit = " order by " + sort.orderBy(table) + " limit " + size + " offset " + (long) (page - 1) * size;
        String pageSql = failuresOnly && sort.field() == RunSort.Field.START_TIME
                // the page's failures first, by their key alone; then only the page's runs are read
                ? "select workflow_instance.* from (select id, start_time" + where + limit
                        + ") run_node_failure join workflow_instance using (id) order by " + sort.orderBy(table)
                : "select workflow_instance.*" + where + limit;
        return new ListQuery(countSql, countArgs, counted, pageSql, args);
    }

    public List<StoredEvent> eventsAfter(String instanceId, long afterSeq) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select seq, payload from instance_event where instance_id = ? and seq > ? order by seq")) {
            ps.setString(1, instanceId);
            ps.setLong(2, afterSeq);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(
                            rs.getLong(1), Jsons.parse(rs.getString(2)).asJsonObject()));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<NodeExecution> nodeExecutions(Connection c, String id) throws SQLException {
        List<NodeExecution> list = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("select * from node_execution where instance_id = ? order by seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new NodeExecution(
                            NodeExecutionIds.of(id, rs.getLong("seq")),
                            rs.getString("node_key"),
                            rs.getString("invoke_id"),
                            rs.getString("node_name"),
                            rs.getString("node_type"),
                            rs.getString("state"),
                            time(rs, "start_time"),
                            time(rs, "end_time"),
                            nullableLong(rs, "duration_ms"),
                            json(rs.getString("input")),
                            json(rs.getString("output")),
                            error(rs),
                            rs.getInt("attempt"),
                            rs.getString("branch"),
                            tokens(rs),
                            rs.getString("reused_from"),
                            NodeExecution.iterationOf(rs.getString("scope"))));
                }
            }
        }
        return list;
    }

    /**
     * {@link RunLease} for {@code serverId}: true when the unfinished run
     * is still recorded as that server's; then no other server takes it over (nor sweeps it) for the
     * next {@value #LEASE_SECONDS} s, however late the heartbeat, which covers recording its next step
     * (recorded waiting again, the run is released at once: {@link HistoryWriter}).
     * False when another server took it over, or it was closed as INTERRUPTED meanwhile.
     */
    public boolean lease(String id, String serverId) {
        return update(
                        "update workflow_instance set lease_until = now() + make_interval(secs => " + LEASE_SECONDS
                                + ")" + " where id = ? and server_id = ? and state in ('Running', 'Waiting')",
                        ps -> {
                            ps.setString(1, id);
                            ps.setString(2, serverId);
                        })
                == 1;
    }

    /**
     * Moves a Waiting run whose server stopped beating to {@code serverId} (or confirms it is already
     * there), so this server may resume it; a live other server keeps it.
     */
    public boolean claimWaiting(String id, String serverId) {
        return update("""
                update workflow_instance i set server_id = ?
                 where i.id = ? and i.state = 'Waiting'
                   and (i.server_id is not distinct from ? or %s)""".formatted(SERVER_GONE), ps -> {
                    ps.setString(1, serverId);
                    ps.setString(2, id);
                    ps.setString(3, serverId);
                })
                == 1;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes the running runs of servers that stopped beating as Failed (INTERRUPTED), each with a
     * final event for clients that replay it; returns how many. Idempotent: every server sweeps.
     */
    public int interruptRunsOfGoneServers() {
        return update(failWithFinalEvent("i.state = 'Running' and " + SERVER_GONE), ps -> {
            ps.setString(1, "INTERRUPTED");
            ps.setString(2, "the server running this workflow stopped before it finished");
        });
    }

    int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static JsonValue json(String text) {
        return text == null ? null : Jsons.parse(text);
    }

    private static RunError error(ResultSet rs) throws SQLException {
        String code = rs.getString("error_code");
        return code == null ? null : new RunError(code, rs.getString("error_message"));
    }

    private static RunError error(ResultSet rs, int codeColumn) throws SQLException {
        String code = rs.getString(codeColumn);
        return code == null ? null : new RunError(code, rs.getString(codeColumn + 1));
    }

    private static Tokens tokens(ResultSet rs) throws SQLException {
        return new Tokens(
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getLong("total_tokens"),
                rs.getLong("embedding_tokens"),
                rs.getLong("rerank_tokens"));
    }
}
