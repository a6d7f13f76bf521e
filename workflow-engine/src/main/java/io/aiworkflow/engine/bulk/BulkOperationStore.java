package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkViews.AuditEntry;
import io.aiworkflow.engine.bulk.BulkViews.Counts;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.engine.bulk.BulkViews.OperationPage;
import io.aiworkflow.engine.bulk.BulkViews.Preview;
import io.aiworkflow.engine.bulk.BulkViews.Sample;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bulk operations in PostgreSQL: previews and the frozen selection, states, pace, audit and the
 * batch executions working on them. Never enlisted in a caller's transaction (batch chunks run in
 * one): each method commits what it did before it returns.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkOperationStore {

    static final int SAMPLES = 20;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public BulkOperationStore() {}

    /** Outside the container (tests): a plain data source. */
    public BulkOperationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stored operation as the engine works with it. */
    public record Stored(
            String id,
            long teamId,
            BulkAction action,
            BulkState state,
            BulkOptions options,
            int maxInFlight,
            double startsPerSecond,
            FailurePolicy failurePolicy,
            Caller createdBy,
            String scheduleId) {}

    /** What creating an operation records besides its items. */
    public record NewOperation(
            String id,
            long teamId,
            BulkAction action,
            BulkSelection selection,
            BulkOptions options,
            int maxInFlight,
            double startsPerSecond,
            FailurePolicy failurePolicy,
            String reason,
            String parentId,
            String idempotencyKey,
            Caller createdBy) {}

    /** A backfill's dry run: its times, in order (computed by the schedule). */
    public Preview backfillPreview(long teamId, BulkSelection selection, List<Instant> times, int limit) {
        return new Preview(
                times.size(),
                Map.of(),
                List.of(),
                List.of(),
                token(teamId, selection, times.size(), timesDigest(times)),
                limit);
    }

    private static String timesDigest(List<Instant> times) {
        return "times:" + times.hashCode();
    }

    public Preview preview(long teamId, BulkSelection selection, BulkOptions options, int limit) {
        if (selection.isDataset()) {
            return datasetPreview(teamId, selection, options, limit);
        }
        List<Object> args = new ArrayList<>();
        String fromWhere = selection.fromWhere(teamId, args);
        try (Connection c = dataSource.getConnection()) {
            long count;
            String digest;
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*), md5(coalesce(string_agg(id, ',' order by start_time, id), ''))" + fromWhere)) {
                Jdbc.bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    digest = rs.getString(2);
                }
            }
            Map<String, Map<String, Long>> breakdown = new LinkedHashMap<>();
            breakdown.put("state", groupCount(c, "state", fromWhere, args));
            breakdown.put("version", groupCount(c, "version", fromWhere, args));
            breakdown.put("app", groupCount(c, "app_id", fromWhere, args));
            List<Sample> samples = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, app_id, version, state, start_time" + fromWhere
                    + " order by start_time, id limit " + SAMPLES)) {
                Jdbc.bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        samples.add(new Sample(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getInt(3),
                                rs.getString(4),
                                Jdbc.time(rs, "start_time")));
                    }
                }
            }
            List<String> notFound = selection.instanceIds() == null ? List.of() : notFound(c, teamId, selection);
            return new Preview(count, breakdown, samples, notFound, token(teamId, selection, count, digest), limit);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dataset run: every row on every version, each as many times as asked. */
    private Preview datasetPreview(long teamId, BulkSelection selection, BulkOptions options, int limit) {
        long rows = queryString(
                        "select count(*) from dataset_row r join dataset d on d.id = r.dataset_id"
                                + " where d.id = ? and d.team_id = ?",
                        selection.datasetId(),
                        teamId)
                .map(Long::parseLong)
                .orElse(0L);
        long each = rows * options.repetitionsOrOne();
        Map<String, Long> byVersion = new LinkedHashMap<>();
        options.versions().forEach(v -> byVersion.put(String.valueOf(v), each));
        long count = each * options.versions().size();
        return new Preview(
                count,
                Map.of("version", byVersion),
                List.of(),
                List.of(),
                token(teamId, selection, count, datasetDigest(options)),
                limit);
    }

    private static String datasetDigest(BulkOptions options) {
        return "dataset:" + options.versions() + ":" + options.repetitionsOrOne();
    }

    private static Map<String, Long> groupCount(Connection c, String column, String fromWhere, List<Object> args)
            throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select " + column + ", count(*)" + fromWhere + " group by 1 order by 2 desc, 1 limit 100")) {
            Jdbc.bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Named ids that select nothing (unknown, or another team's): at most {@value #SAMPLES}. */
    private static List<String> notFound(Connection c, long teamId, BulkSelection selection) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("select id from workflow_instance where team_id = ? and id = any(?)")) {
            ps.setLong(1, teamId);
            ps.setArray(2, c.createArrayOf("varchar", selection.instanceIds().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return selection.instanceIds().stream()
                .filter(id -> !found.contains(id))
                .distinct()
                .limit(SAMPLES)
                .toList();
    }

    /**
     * The selection token: a digest of the team, the selection, its count and the ids it selects, in
     * order. A selection that changed in any way since the dry run gives another token.
     */
    static String token(long teamId, BulkSelection selection, long count, String idsDigest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String text = teamId + "\n" + selection.toJson() + "\n" + count + "\n" + idsDigest;
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records the operation (state CREATED) and freezes its selection into one PENDING item per run,
     * in one transaction: if the frozen items are not what {@code selectionToken} and
     * {@code expectedCount} counted, or exceed {@code limit}, nothing is stored (CONFLICT).
     */
    public void create(NewOperation op, String selectionToken, long expectedCount, int limit) {
        create(op, null, selectionToken, expectedCount, limit);
    }

    /** As {@link #create(NewOperation, String, long, int)}; a backfill's items are {@code times}. */
    public void create(NewOperation op, List<Instant> times, String selectionToken, long expectedCount, int limit) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insertOperation(c, op);
                if (op.selection().isBackfill()) {
                    insertTimeItems(c, op, times);
                } else if (op.selection().isDataset()) {
                    insertDatasetItems(c, op);
                } else {
                    insertRunItems(c, op);
                }
                long count;
                String digest;
                try (PreparedStatement ps = c.prepareStatement(
                        "select count(*), md5(coalesce(string_agg(source_instance_id, ',' order by seq), ''))"
                                + " from bulk_operation_item where operation_id = ?")) {
                    ps.setString(1, op.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        count = rs.getLong(1);
                        digest = op.selection().isBackfill()
                                ? timesDigest(times)
                                : op.selection().isDataset() ? datasetDigest(op.options()) : rs.getString(2);
                    }
                }
                if (count > limit) {
                    throw new WorkflowException(
                            ErrorCode.SELECTION_TOO_LARGE,
                            "the selection holds " + count + " runs; at most " + limit + " may be acted on at once",
                            Map.of("count", count, "limit", limit));
                }
                if (count == 0) {
                    throw new WorkflowException(ErrorCode.SELECTION_CHANGED, "the selection holds no runs now");
                }
                if (selectionToken != null
                        && (count != expectedCount
                                || !token(op.teamId(), op.selection(), count, digest)
                                        .equals(selectionToken))) {
                    throw new WorkflowException(
                            ErrorCode.SELECTION_CHANGED,
                            "the selection changed since its dry run: it holds " + count + " runs now, " + expectedCount
                                    + " were expected; run the dry run again",
                            Map.of(
                                    "count",
                                    count,
                                    "selectionToken",
                                    token(op.teamId(), op.selection(), count, digest)));
                }
                try (PreparedStatement ps = c.prepareStatement("update bulk_operation set total = ? where id = ?")) {
                    ps.setLong(1, count);
                    ps.setString(2, op.id());
                    ps.executeUpdate();
                }
                audit(c, op.id(), op.createdBy().name(), "CREATE", op.reason());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRunItems(Connection c, NewOperation op) throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(op.id());
        String fromWhere = op.selection().fromWhere(op.teamId(), args);
        try (PreparedStatement ps = c.prepareStatement("insert into bulk_operation_item (operation_id, seq,"
                + " source_instance_id, state) select ?, row_number() over (order by start_time, id), id, 'PENDING'"
                + fromWhere)) {
            Jdbc.bind(c, ps, args);
            ps.executeUpdate();
        }
    }

    /** One item per row, version and repetition, in row order; only a dataset of the operation's team. */
    private static void insertDatasetItems(Connection c, NewOperation op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into bulk_operation_item (operation_id, seq,"
                + " dataset_id, dataset_line, item_version, repetition, state)"
                + " select ?, row_number() over (order by r.line, v.ord, rep), r.dataset_id, r.line, v.version, rep,"
                + " 'PENDING' from dataset_row r join dataset d on d.id = r.dataset_id"
                + " cross join unnest(?::int[]) with ordinality v(version, ord)"
                + " cross join generate_series(1, ?) rep where d.id = ? and d.team_id = ?")) {
            ps.setString(1, op.id());
            ps.setArray(2, c.createArrayOf("int4", op.options().versions().toArray()));
            ps.setInt(3, op.options().repetitionsOrOne());
            ps.setString(4, op.selection().datasetId());
            ps.setLong(5, op.teamId());
            ps.executeUpdate();
        }
    }

    /** One item per scheduled time, in order. */
    private static void insertTimeItems(Connection c, NewOperation op, List<Instant> times) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into bulk_operation_item (operation_id, seq,"
                + " scheduled_time, state) select ?, t.seq, t.at, 'PENDING'"
                + " from unnest(?::timestamptz[]) with ordinality t(at, seq)")) {
            ps.setString(1, op.id());
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "timestamptz",
                            times.stream().map(java.sql.Timestamp::from).toArray()));
            ps.executeUpdate();
        }
    }

    private static void insertOperation(Connection c, NewOperation op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into bulk_operation (id, team_id, action, state, selection, options, max_in_flight,"
                        + " starts_per_second, total, reason, parent_id, idempotency_key, created_by,"
                        + " created_by_user_id, created_by_role, pause_failure_percent, pause_min_ended,"
                        + " pause_failures_in_a_row, schedule_id)"
                        + " values (?, ?, ?, 'CREATED', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, op.id());
            ps.setLong(2, op.teamId());
            ps.setString(3, op.action().name());
            ps.setString(4, op.selection().toJson().toString());
            ps.setString(5, op.options().toJson().toString());
            ps.setInt(6, op.maxInFlight());
            ps.setDouble(7, op.startsPerSecond());
            ps.setString(8, op.reason());
            ps.setString(9, op.parentId());
            ps.setString(10, op.idempotencyKey());
            ps.setString(11, op.createdBy().name());
            ps.setObject(12, op.createdBy().userId(), Types.BIGINT);
            ps.setString(13, op.createdBy().role().name());
            ps.setInt(14, op.failurePolicy().failurePercent());
            ps.setInt(15, op.failurePolicy().minEnded());
            ps.setInt(16, op.failurePolicy().failuresInARow());
            ps.setString(
                    17, op.selection().isBackfill() ? op.selection().backfill().scheduleId() : null);
            ps.executeUpdate();
        }
    }

    /** The operation as the API shows it, if the team may see it. */
    public Optional<Operation> view(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select * from bulk_operation where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(operation(c, rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first; {@code teamId} null for every team (admins), {@code state} null for any. */
    public OperationPage list(Long teamId, BulkState state, String action, int page, int pageSize) {
        int size = pageSize <= 0 ? 20 : Math.min(pageSize, 200);
        int p = Math.max(page, 1);
        StringBuilder where = new StringBuilder(" from bulk_operation where true");
        List<Object> args = new ArrayList<>();
        if (teamId != null) {
            where.append(" and team_id = ?");
            args.add(teamId);
        }
        if (state != null) {
            where.append(" and state = ?");
            args.add(state.name());
        }
        if (action != null) {
            where.append(" and action = ?");
            args.add(action);
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*)" + where)) {
                Jdbc.bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Operation> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select *" + where + " order by created_at desc, id limit "
                    + size + " offset " + (long) (p - 1) * size)) {
                Jdbc.bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(operation(c, rs));
                    }
                }
            }
            return new OperationPage(total, p, size, items);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Operation operation(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        Counts counts = BulkItemStore.counts(c, id);
        double rate;
        try (PreparedStatement ps = c.prepareStatement("select count(*) from bulk_operation_item"
                + " where operation_id = ? and ended_at > now() - interval '60 seconds'")) {
            ps.setString(1, id);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                rate = r.getLong(1) / 60.0;
            }
        }
        long left = counts.pending() + counts.running();
        BulkState state = BulkState.valueOf(rs.getString("state"));
        Long eta = state.isEnded() || left == 0
                ? Long.valueOf(0)
                : rate > 0 ? Long.valueOf(Math.round(left / rate)) : null;
        return new Operation(
                id,
                rs.getLong("team_id"),
                BulkAction.valueOf(rs.getString("action")).wire(),
                state.name(),
                Jsons.parseObject(rs.getString("selection")),
                Jsons.parseObject(rs.getString("options")),
                rs.getInt("max_in_flight"),
                rs.getDouble("starts_per_second"),
                rs.getString("reason"),
                rs.getString("pause_reason"),
                rs.getString("parent_id"),
                rs.getString("created_by"),
                Jdbc.time(rs, "created_at"),
                Jdbc.time(rs, "started_at"),
                Jdbc.time(rs, "ended_at"),
                counts,
                Math.round(rate * 100) / 100.0,
                eta);
    }

    /** The operation created earlier under this idempotency key, if any. */
    public Optional<String> byIdempotencyKey(long teamId, String key) {
        return queryString("select id from bulk_operation where team_id = ? and idempotency_key = ?", teamId, key);
    }

    public Optional<Stored> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select * from bulk_operation where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long userId = rs.getLong("created_by_user_id");
                Long user = rs.wasNull() ? null : userId;
                long teamId = rs.getLong("team_id");
                return Optional.of(new Stored(
                        id,
                        teamId,
                        BulkAction.valueOf(rs.getString("action")),
                        BulkState.valueOf(rs.getString("state")),
                        BulkOptions.fromJson(Jsons.parseObject(rs.getString("options"))),
                        rs.getInt("max_in_flight"),
                        rs.getDouble("starts_per_second"),
                        new FailurePolicy(
                                rs.getInt("pause_failure_percent"),
                                rs.getInt("pause_min_ended"),
                                rs.getInt("pause_failures_in_a_row")),
                        new Caller(
                                user,
                                rs.getString("created_by"),
                                teamId,
                                Role.valueOf(rs.getString("created_by_role"))),
                        rs.getString("schedule_id")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves the operation from one of {@code from} to {@code to} (ending it sets its end time);
     * false when it was in none of them. Cancel also cancels its pending items in the same step.
     */
    public boolean transition(String id, Set<BulkState> from, BulkState to, String pauseReason) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement ps = c.prepareStatement("update bulk_operation set state = ?, pause_reason = ?,"
                        + " started_at = case when ? = 'RUNNING' then coalesce(started_at, now()) else started_at end,"
                        + " ended_at = case when ? then now() end"
                        + " where id = ? and state = any(?)")) {
                    ps.setString(1, to.name());
                    ps.setString(2, pauseReason);
                    ps.setString(3, to.name());
                    ps.setBoolean(4, to.isEnded());
                    ps.setString(5, id);
                    ps.setArray(
                            6,
                            c.createArrayOf(
                                    "varchar", from.stream().map(Enum::name).toArray()));
                    changed = ps.executeUpdate();
                }
                if (changed > 0 && to == BulkState.CANCELED) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "update bulk_operation_item set state = 'CANCELED', error = 'the operation was canceled',"
                                    + " ended_at = now() where operation_id = ? and state = 'PENDING'")) {
                        ps.setString(1, id);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return changed > 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void updatePace(String id, Integer maxInFlight, Double startsPerSecond) {
        update(
                "update bulk_operation set max_in_flight = coalesce(?, max_in_flight),"
                        + " starts_per_second = coalesce(?, starts_per_second) where id = ?",
                maxInFlight,
                startsPerSecond,
                id);
    }

    /**
     * Starts queued operations, oldest first, while their team runs fewer than {@code perTeam}. A
     * transaction-scoped advisory lock per team keeps two servers from both starting one too many.
     */
    public List<String> promoteQueued(int perTeam) {
        List<String> promoted = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Long> teams = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("select distinct team_id from bulk_operation where state = 'CREATED'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    teams.add(rs.getLong(1));
                }
            }
            for (long team : teams) {
                c.setAutoCommit(false);
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, ?)");
                        PreparedStatement ps = c.prepareStatement("update bulk_operation set state = 'RUNNING',"
                                + " started_at = coalesce(started_at, now()) where id in (select id from bulk_operation"
                                + " where team_id = ? and state = 'CREATED' order by created_at, id limit greatest(0,"
                                + " ? - (select count(*) from bulk_operation where team_id = ? and state in"
                                + " ('RUNNING', 'PAUSED')))) returning id")) {
                    lock.setInt(1, 0x42554c4b); // "BULK"
                    lock.setInt(2, (int) team);
                    lock.execute();
                    ps.setLong(1, team);
                    ps.setInt(2, perTeam);
                    ps.setLong(3, team);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            promoted.add(rs.getString(1));
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return promoted;
    }

    /** Operations that batch jobs work on: the running ones. */
    public List<String> needingWork() {
        return ids("select id from bulk_operation where state = 'RUNNING' order by created_at");
    }

    /** Paused or canceled operations whose items' runs are still going, to be followed to their end. */
    public List<String> stoppedWithRunningItems() {
        return ids("select o.id from bulk_operation o where o.state in ('CANCELED', 'PAUSED') and exists (select 1"
                + " from bulk_operation_item i where i.operation_id = o.id and i.state = 'RUNNING')"
                + " order by o.created_at");
    }

    private List<String> ids(String sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The batch execution working on an operation on a server. */
    public record Worker(String serverId, long executionId, boolean serverGone) {}

    public List<Worker> workers(String operationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select w.server_id, w.execution_id, not exists (select 1"
                        + " from server_heartbeat h where h.server_id = w.server_id and h.heartbeat_at > now() - interval '"
                        + InstanceStore.SERVER_STALE_SECONDS + " seconds') from bulk_operation_worker w"
                        + " where w.operation_id = ?")) {
            ps.setString(1, operationId);
            List<Worker> workers = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    workers.add(new Worker(rs.getString(1), rs.getLong(2), rs.getBoolean(3)));
                }
            }
            return workers;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records that {@code serverId} works on the operation with this execution (replacing its earlier one). */
    public void saveWorker(String operationId, String serverId, long executionId) {
        update(
                "insert into bulk_operation_worker (operation_id, server_id, execution_id) values (?, ?, ?)"
                        + " on conflict (operation_id, server_id) do update set execution_id = excluded.execution_id",
                operationId,
                serverId,
                executionId);
    }

    /**
     * Takes over a stopped server's execution: true for exactly one server, which then restarts it.
     */
    public boolean takeOverWorker(String operationId, String goneServerId) {
        return update(
                        "delete from bulk_operation_worker where operation_id = ? and server_id = ?",
                        operationId,
                        goneServerId)
                > 0;
    }

    public void removeWorker(String operationId, String serverId, long executionId) {
        update(
                "delete from bulk_operation_worker where operation_id = ? and server_id = ? and execution_id = ?",
                operationId,
                serverId,
                executionId);
    }

    public void audit(String operationId, String actor, String action, String reason) {
        try (Connection c = dataSource.getConnection()) {
            audit(c, operationId, actor, action, reason);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void audit(Connection c, String operationId, String actor, String action, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into bulk_operation_audit (operation_id, actor, action, reason) values (?, ?, ?, ?)")) {
            ps.setString(1, operationId);
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, reason);
            ps.executeUpdate();
        }
    }

    public List<AuditEntry> auditTrail(String operationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select at, actor, action, reason from bulk_operation_audit"
                        + " where operation_id = ? order by at, ctid")) {
            ps.setString(1, operationId);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(
                            Jdbc.time(rs, "at"),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("reason")));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonObject selectionOf(String id) {
        return queryString("select selection from bulk_operation where id = ?", id)
                .map(Jsons::parseObject)
                .orElseThrow();
    }

    private Optional<String> queryString(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, java.util.Arrays.asList(args));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, java.util.Arrays.asList(args));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
