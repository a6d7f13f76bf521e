package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkItemState;
import io.aiworkflow.engine.bulk.BulkViews.Counts;
import io.aiworkflow.engine.bulk.BulkViews.Item;
import io.aiworkflow.engine.bulk.BulkViews.ItemPage;
import io.aiworkflow.engine.history.InstanceStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The items of bulk operations: claiming the next one under the operation's pace and in-flight
 * bound, recording outcomes, and following the runs they started to their end. Every server
 * claims from the same rows, so adding a server adds throughput and no item is taken twice.
 * Never enlisted in a caller's transaction: each method commits before it returns.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class BulkItemStore {

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public BulkItemStore() {}

    /** Outside the container (tests): a plain data source. */
    public BulkItemStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * An item claimed by a server: {@code instanceId} is the id its run will have (null if it starts
     * none). A dataset run's item names its row ({@code datasetId}, {@code datasetLine}) and
     * {@code version} instead of a source run; a backfill's item, the {@code scheduledTime} it runs.
     */
    public record ClaimedItem(
            String operationId,
            int seq,
            String sourceInstanceId,
            String instanceId,
            String datasetId,
            Integer datasetLine,
            Integer version,
            java.time.Instant scheduledTime)
            implements Serializable {}

    /** What a claim found. */
    public sealed interface Claim {}

    public record Claimed(ClaimedItem item) implements Claim {}

    /** Not now: the pace or the in-flight bound holds it back for about this long. */
    public record Wait(long millis) implements Claim {}

    /** No pending item is left. */
    public record Exhausted() implements Claim {}

    /** The operation does not run (paused, canceled, ended or unknown). */
    public record NotRunning(String state) implements Claim {}

    /**
     * Claims the next pending item, oldest first, if the operation runs, fewer than its
     * {@code max_in_flight} items are running and its pace allows a start now. The operation row is
     * locked (SKIP LOCKED: a server finding it locked waits a moment) so that bound and pace hold
     * across servers; the claim, with the id its run will get, commits before anything starts.
     */
    public Claim claim(String operationId, String serverId, boolean startsRuns) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Claim claim = claim(c, operationId, serverId, startsRuns);
                c.commit();
                return claim;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Claim claim(Connection c, String operationId, String serverId, boolean startsRuns)
            throws SQLException {
        String state;
        int maxInFlight;
        long waitMillis;
        try (PreparedStatement ps = c.prepareStatement("select state, max_in_flight,"
                + " coalesce(greatest(0, ceil(extract(epoch from last_start_at"
                + " + make_interval(secs => 1.0 / starts_per_second) - now()) * 1000)), 0)::bigint"
                + " from bulk_operation where id = ? for update skip locked")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return exists(c, operationId) ? new Wait(20) : new NotRunning("UNKNOWN");
                }
                state = rs.getString(1);
                maxInFlight = rs.getInt(2);
                waitMillis = rs.getLong(3);
            }
        }
        if (!state.equals("RUNNING")) {
            return new NotRunning(state);
        }
        long running = occupyingSlots(c, operationId);
        if (running >= maxInFlight) {
            return count(c, operationId, "PENDING") == 0 ? new Exhausted() : new Wait(100);
        }
        if (waitMillis > 0) {
            return count(c, operationId, "PENDING") == 0 ? new Exhausted() : new Wait(waitMillis);
        }
        String instanceId = startsRuns ? UUID.randomUUID().toString() : null;
        ClaimedItem item = null;
        try (PreparedStatement ps = c.prepareStatement("update bulk_operation_item set state = 'RUNNING',"
                + " instance_id = ?, claimed_by = ?, started_at = now(), error = null"
                + " where operation_id = ? and seq = (select seq from bulk_operation_item"
                + " where operation_id = ? and state = 'PENDING' order by seq limit 1 for update skip locked)"
                + " returning seq, source_instance_id, dataset_id, dataset_line, item_version, scheduled_time")) {
            ps.setString(1, instanceId);
            ps.setString(2, serverId);
            ps.setString(3, operationId);
            ps.setString(4, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    item = new ClaimedItem(
                            operationId,
                            rs.getInt(1),
                            rs.getString(2),
                            instanceId,
                            rs.getString(3),
                            (Integer) rs.getObject(4),
                            (Integer) rs.getObject(5),
                            rs.getTimestamp(6) == null
                                    ? null
                                    : rs.getTimestamp(6).toInstant());
                }
            }
        }
        if (item == null) {
            return new Exhausted();
        }
        try (PreparedStatement ps =
                c.prepareStatement("update bulk_operation set last_start_at = now() where id = ?")) {
            ps.setString(1, operationId);
            ps.executeUpdate();
        }
        return new Claimed(item);
    }

    private static boolean exists(Connection c, String operationId) throws SQLException {
        return number(c, "select count(*) from bulk_operation where id = ?", operationId) > 0;
    }

    /**
     * Running items that hold a slot: those whose run is still going (or not opened yet). An item
     * whose run waits for a person holds none (it may wait for days; the others go on), nor does one
     * whose run has ended but that has not been brought up to date yet.
     */
    private static long occupyingSlots(Connection c, String operationId) throws SQLException {
        return number(
                c,
                "select count(*) from bulk_operation_item i left join workflow_instance w on w.id = i.instance_id"
                        + " where i.operation_id = ? and i.state = 'RUNNING'"
                        + " and (w.state is null or w.state in ('Pending', 'Running'))",
                operationId);
    }

    private static long count(Connection c, String operationId, String state) throws SQLException {
        return number(
                c, "select count(*) from bulk_operation_item where operation_id = ? and state = ?", operationId, state);
    }

    /** The single number a query answers. */
    private static long number(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, java.util.Arrays.asList(args));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records how a running item ended (for items whose outcome is not a run's end). */
    public void finish(String operationId, int seq, BulkItemState state, String error) {
        update(
                "update bulk_operation_item set state = ?, error = ?, ended_at = now()"
                        + " where operation_id = ? and seq = ? and state = 'RUNNING'",
                state.name(),
                error,
                operationId,
                seq);
    }

    /**
     * Brings running items up to date with history: an item whose run ended takes the run's outcome
     * (SUCCEEDED only for a completed run); an item claimed by a server that stopped before opening
     * its run never started and is pending again. Returns how many items changed. Idempotent.
     */
    public int reconcile(String operationId) {
        int ended = update(
                "update bulk_operation_item i set state = case w.state when 'Completed' then 'SUCCEEDED'"
                        + " when 'Canceled' then 'CANCELED' else 'FAILED' end,"
                        + " error = case when w.state = 'Failed' then coalesce(w.error_code, 'FAILED') || ': '"
                        + " || coalesce(w.error_message, '') when w.state = 'Canceled' then 'the run was canceled' end,"
                        + " ended_at = coalesce(w.end_time, now())"
                        + " from workflow_instance w where i.operation_id = ? and i.state = 'RUNNING'"
                        + " and w.id = i.instance_id and w.state in ('Completed', 'Failed', 'Canceled')",
                operationId);
        int orphaned = update(
                "update bulk_operation_item i set state = 'PENDING', instance_id = null, claimed_by = null,"
                        + " started_at = null where i.operation_id = ? and i.state = 'RUNNING'"
                        + " and not exists (select 1 from workflow_instance w where w.id = i.instance_id)"
                        + " and not exists (select 1 from server_heartbeat h where h.server_id = i.claimed_by"
                        + " and h.heartbeat_at > now() - interval '" + InstanceStore.SERVER_STALE_SECONDS
                        + " seconds')",
                operationId);
        return ended + orphaned;
    }

    public Counts counts(String operationId) {
        try (Connection c = dataSource.getConnection()) {
            return counts(c, operationId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Counts counts(Connection c, String operationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*),"
                + " count(*) filter (where state = 'PENDING'), count(*) filter (where state = 'RUNNING'),"
                + " count(*) filter (where state = 'SUCCEEDED'), count(*) filter (where state = 'FAILED'),"
                + " count(*) filter (where state = 'SKIPPED'), count(*) filter (where state = 'CANCELED')"
                + " from bulk_operation_item where operation_id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7));
            }
        }
    }

    /** How failures stand: succeeded and failed items, and how many of the latest ended items failed in a row. */
    public record FailureStats(long succeeded, long failed, int failedInARow) {}

    public FailureStats failureStats(String operationId, int window) {
        try (Connection c = dataSource.getConnection()) {
            Counts counts = counts(c, operationId);
            int inARow = 0;
            try (PreparedStatement ps = c.prepareStatement("select state from bulk_operation_item"
                    + " where operation_id = ? and state in ('SUCCEEDED', 'FAILED')"
                    + " order by ended_at desc, seq desc limit ?")) {
                ps.setString(1, operationId);
                ps.setInt(2, window);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rs.getString(1).equals("FAILED")) {
                        inARow++;
                    }
                }
            }
            return new FailureStats(counts.succeeded(), counts.failed(), inARow);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run ids a canceled operation's running items started (to cancel them too). */
    public List<String> runningInstances(String operationId) {
        return strings(
                "select instance_id from bulk_operation_item where operation_id = ? and state = 'RUNNING'"
                        + " and instance_id is not null",
                operationId);
    }

    /**
     * The runs the failed items acted on, in item order (for a child operation retrying them); for a
     * dataset run's item, the run it started.
     */
    public List<String> failedSources(String operationId) {
        return strings(
                "select coalesce(source_instance_id, instance_id) from bulk_operation_item where operation_id = ?"
                        + " and state = 'FAILED' and coalesce(source_instance_id, instance_id) is not null order by seq",
                operationId);
    }

    public ItemPage items(String operationId, BulkItemState state, int page, int pageSize) {
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 500);
        int p = Math.max(page, 1);
        String where = " from bulk_operation_item where operation_id = ?" + (state == null ? "" : " and state = ?");
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*)" + where)) {
                bindItems(ps, operationId, state);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Item> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select *" + where + " order by seq limit " + size + " offset " + (long) (p - 1) * size)) {
                bindItems(ps, operationId, state);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Item(
                                rs.getInt("seq"),
                                rs.getString("source_instance_id"),
                                rs.getString("instance_id"),
                                rs.getString("state"),
                                rs.getString("error"),
                                Jdbc.time(rs, "started_at"),
                                Jdbc.time(rs, "ended_at"),
                                (Integer) rs.getObject("dataset_line"),
                                (Integer) rs.getObject("item_version"),
                                (Integer) rs.getObject("repetition")));
                    }
                }
            }
            return new ItemPage(total, p, size, items);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bindItems(PreparedStatement ps, String operationId, BulkItemState state) throws SQLException {
        ps.setString(1, operationId);
        if (state != null) {
            ps.setString(2, state.name());
        }
    }

    private List<String> strings(String sql, String operationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, operationId);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
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
