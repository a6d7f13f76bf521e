package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Schedules and their firings in PostgreSQL. The tick ({@link #claimDue}) is the heart: it locks the
 * due schedules with {@code FOR UPDATE SKIP LOCKED}, so each is handled by one server at a time,
 * and records every due time's firing in the same transaction as it moves the schedule on, under a
 * unique (schedule, scheduled time) key: a time is handled once, whatever the number of servers.
 * Never enlisted in a caller's transaction: each method commits before it returns.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ScheduleStore {

    /** A STARTING firing this old whose row is not locked lost its server before its run was started. */
    static final int ABANDONED_SECONDS = 10;

    private static final String ACTIVE_STATES = "('Pending', 'Running', 'Waiting')";

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public ScheduleStore() {}

    /** Outside the container (tests): a plain data source. */
    public ScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stored schedule as the engine works with it. */
    public record Stored(
            String id,
            long teamId,
            String appId,
            ScheduleDefinition definition,
            String pausedReason,
            OffsetDateTime pausedAt,
            Instant handledUntil,
            Instant nextFireAt,
            long runsSoFar,
            int buffered,
            Caller createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            List<FiringState> lastStates,
            OffsetDateTime lastScheduledTime) {}

    /** A firing's key: the schedule and the scheduled time. */
    public record FiringKey(String scheduleId, Instant scheduledTime) {}

    /** A run the overlap policy {@code CANCEL_OTHER} cancels, as the schedule's owner. */
    public record Cancel(String instanceId, Caller owner) {}

    /** What one claim did: the firings whose runs are to start now, and the runs to cancel. */
    public record Claimed(int schedules, List<FiringKey> starts, List<Cancel> cancels) {}

    /** A STARTING firing, locked while its run starts. */
    public record StartingFiring(
            Stored schedule, Instant scheduledTime, FiringKind kind, String instanceId, boolean runExists) {}

    /** How a start went: the run or dataset run it started, or why it did not. */
    public record StartResult(String instanceId, String bulkOperationId, String failure) {

        public static StartResult run(String instanceId) {
            return new StartResult(instanceId, null, null);
        }

        public static StartResult dataset(String operationId) {
            return new StartResult(null, operationId, null);
        }

        public static StartResult failed(String why) {
            return new StartResult(null, null, why);
        }
    }

    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select now()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void insert(String id, long teamId, String appId, ScheduleDefinition def, Instant now, Caller owner) {
        Instant next = def.enabled() ? nextAfter(def, now, 0) : null;
        update(
                "insert into schedule (id, team_id, app_id, name, definition, enabled, handled_until, next_fire_at,"
                        + " paused_at, created_by, created_by_user_id, created_by_role)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                teamId,
                appId,
                def.name(),
                def.toJson().toString(),
                def.enabled(),
                ts(now),
                ts(next),
                def.enabled() ? null : ts(now),
                owner.name(),
                owner.userId() == null ? new Null(Types.BIGINT) : owner.userId(),
                owner.role().name());
    }

    /**
     * Replaces the definition: times up to {@code now} count as handled (a changed schedule does
     * not catch up on times its old definition would have had), the next one follows the new one.
     */
    public boolean replace(String id, ScheduleDefinition def, Instant now) {
        return inTransaction(c -> {
            Stored s = lock(c, id, false).orElse(null);
            if (s == null) {
                return false;
            }
            Instant handled = s.handledUntil().isAfter(now) ? s.handledUntil() : now;
            boolean enabled = def.enabled();
            execute(
                    c,
                    "update schedule set name = ?, definition = ?, enabled = ?, handled_until = ?, next_fire_at = ?,"
                            + " paused_at = case when ? then null else coalesce(paused_at, ?) end,"
                            + " paused_reason = case when ? then null else paused_reason end, updated_at = now()"
                            + " where id = ?",
                    def.name(),
                    def.toJson().toString(),
                    enabled,
                    ts(handled),
                    ts(enabled ? nextAfter(def, handled, s.runsSoFar()) : null),
                    enabled,
                    ts(now),
                    enabled,
                    id);
            return true;
        });
    }

    /** Pauses: no time fires until it is resumed. */
    public boolean pause(String id, Instant now, String reason) {
        return update(
                        "update schedule set enabled = false, next_fire_at = null, paused_at = ?, paused_reason = ?,"
                                + " updated_at = now() where id = ? and enabled",
                        ts(now),
                        reason,
                        id)
                > 0;
    }

    /** Resumes: the times of the paused period stay unfired (a backfill runs them), future ones fire. */
    public boolean resume(String id, Instant now) {
        return inTransaction(c -> {
            Stored s = lock(c, id, false).orElse(null);
            if (s == null || s.definition().enabled()) {
                return false;
            }
            Instant handled = s.handledUntil().isAfter(now) ? s.handledUntil() : now;
            execute(
                    c,
                    "update schedule set enabled = true, handled_until = ?, next_fire_at = ?, paused_at = null,"
                            + " paused_reason = null, updated_at = now() where id = ?",
                    ts(handled),
                    ts(nextAfter(s.definition(), handled, s.runsSoFar())),
                    id);
            return true;
        });
    }

    public boolean delete(String id) {
        return update("delete from schedule where id = ?", id) > 0;
    }

    public Optional<Stored> find(String id) {
        return query(SELECT + " where s.id = ?", id).stream().findFirst();
    }

    /** A team's schedules (of one app, when given), oldest first. */
    public List<Stored> list(long teamId, String appId, int offset, int limit) {
        return appId == null
                ? query(
                        SELECT + " where s.team_id = ? order by s.created_at, s.id limit ? offset ?",
                        teamId,
                        limit,
                        offset)
                : query(
                        SELECT + " where s.team_id = ? and s.app_id = ? order by s.created_at, s.id limit ? offset ?",
                        teamId,
                        appId,
                        limit,
                        offset);
    }

    public long count(long teamId, String appId) {
        return appId == null
                ? longValue("select count(*) from schedule where team_id = ?", teamId)
                : longValue("select count(*) from schedule where team_id = ? and app_id = ?", teamId, appId);
    }

    /**
     * One step of the tick: locks up to {@code limit} schedules that are due at {@code now} (or
     * hold buffered times), records a firing for each due time and moves them on, in one
     * transaction. The firings to start are STARTING under an instance id chosen here; the caller
     * starts them after this returns ({@link #start}).
     */
    public Claimed claimDue(Instant now, String serverId, int limit) {
        return inTransaction(c -> {
            List<Stored> due = query(
                    c,
                    SELECT + " where s.enabled and (s.next_fire_at <= ? or s.buffered > 0)"
                            + " order by s.next_fire_at nulls last limit ? for update of s skip locked",
                    ts(now),
                    limit);
            List<FiringKey> starts = new ArrayList<>();
            List<Cancel> cancels = new ArrayList<>();
            for (Stored s : due) {
                handle(c, s, now, serverId, starts, cancels);
            }
            return new Claimed(due.size(), starts, cancels);
        });
    }

    private void handle(
            Connection c, Stored s, Instant now, String serverId, List<FiringKey> starts, List<Cancel> cancels)
            throws SQLException {
        if (appDeleted(c, s.appId())) {
            // its runs could never start again: stop, saying why, rather than fail every time
            pauseClaimed(c, s.id(), now, "paused: the app was deleted");
            return;
        }
        Integer pauseAfter = s.definition().pauseAfterFailures();
        if (pauseAfter != null && failedInARow(c, s.id(), pauseAfter) >= pauseAfter) {
            pauseClaimed(c, s.id(), now, "paused after " + pauseAfter + " failed runs in a row (pauseAfterFailures)");
            return;
        }
        int active = activeRuns(c, s.id());
        int buffered = s.buffered();
        if (buffered > 0 && active == 0) {
            // the active run ended: the oldest buffered time runs now
            Instant oldest = timeValue(
                    c,
                    "select min(scheduled_time) from schedule_firing where schedule_id = ? and state = 'BUFFERED'",
                    s.id());
            if (oldest != null) {
                execute(
                        c,
                        "update schedule_firing set state = 'STARTING', instance_id = ?, claimed_by = ?,"
                                + " recorded_at = now() where schedule_id = ? and scheduled_time = ?",
                        UUID.randomUUID().toString(),
                        serverId,
                        s.id(),
                        ts(oldest));
                starts.add(new FiringKey(s.id(), oldest));
                active = 1;
            }
            buffered = oldest == null ? 0 : buffered - 1;
        }
        if (s.nextFireAt() == null || s.nextFireAt().isAfter(now)) {
            execute(c, "update schedule set buffered = ? where id = ?", buffered, s.id());
            return;
        }
        FiringPlanner.Plan plan = FiringPlanner.plan(
                s.definition().spec(), s.definition().policy(), s.handledUntil(), now, active, buffered, s.runsSoFar());
        if (plan.cancelActive()) {
            for (String id : strings(
                    c,
                    "select id from workflow_instance where schedule_id = ? and state in " + ACTIVE_STATES,
                    s.id())) {
                cancels.add(new Cancel(id, s.createdBy()));
            }
        }
        Instant handled = s.handledUntil();
        long runs = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "insert into schedule_firing (schedule_id, scheduled_time, state, kind, instance_id, claimed_by, reason)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (FiringPlanner.Firing f : plan.firings()) {
                FiringState state = FiringState.of(f.outcome());
                ps.setString(1, s.id());
                ps.setTimestamp(2, ts(f.scheduledTime()));
                ps.setString(3, state.name());
                ps.setString(4, (f.catchUp() ? FiringKind.CATCH_UP : FiringKind.SCHEDULED).name());
                ps.setString(
                        5, state == FiringState.STARTING ? UUID.randomUUID().toString() : null);
                ps.setString(6, state == FiringState.STARTING ? serverId : null);
                ps.setString(7, f.reason());
                ps.addBatch();
                if (state == FiringState.STARTING) {
                    starts.add(new FiringKey(s.id(), f.scheduledTime()));
                }
                if (state == FiringState.STARTING || state == FiringState.BUFFERED) {
                    runs++;
                }
                if (state == FiringState.BUFFERED) {
                    buffered++;
                }
                handled = f.scheduledTime();
            }
            ps.executeBatch();
        }
        execute(
                c,
                "update schedule set handled_until = ?, next_fire_at = ?, runs_so_far = runs_so_far + ?, buffered = ?"
                        + " where id = ?",
                ts(handled),
                ts(plan.nextFireAt()),
                runs,
                buffered,
                s.id());
    }

    /** What "run now" recorded: the firing's state, and when it starts a run, the runs it cancels. */
    public record RunNow(FiringKey key, FiringState state, String reason, List<Cancel> cancels) {}

    /**
     * "Run now": a firing at {@code now} (kind RUN_NOW) that follows the overlap policy like any
     * other time; when it is STARTING, the caller starts it ({@link #start}). Empty: no such schedule.
     */
    public Optional<RunNow> runNow(String id, Instant now, String serverId) {
        return inTransaction(c -> {
            Stored s = lock(c, id, false).orElse(null);
            if (s == null) {
                return Optional.empty();
            }
            FiringPlanner.Plan plan = FiringPlanner.now(s.definition().policy(), now, activeRuns(c, id), s.buffered());
            FiringPlanner.Firing f = plan.firings().get(0);
            FiringState state = FiringState.of(f.outcome());
            String reason = f.reason() == null ? "run now" : "run now: " + f.reason();
            execute(
                    c,
                    "insert into schedule_firing (schedule_id, scheduled_time, state, kind, instance_id, claimed_by,"
                            + " reason) values (?, ?, ?, 'RUN_NOW', ?, ?, ?)",
                    id,
                    ts(now),
                    state.name(),
                    state == FiringState.STARTING ? UUID.randomUUID().toString() : null,
                    state == FiringState.STARTING ? serverId : null,
                    reason);
            if (state == FiringState.BUFFERED) {
                execute(c, "update schedule set buffered = buffered + 1 where id = ?", id);
            }
            List<Cancel> cancels = new ArrayList<>();
            if (plan.cancelActive()) {
                for (String run : strings(
                        c,
                        "select id from workflow_instance where schedule_id = ? and state in " + ACTIVE_STATES,
                        id)) {
                    cancels.add(new Cancel(run, s.createdBy()));
                }
            }
            return Optional.of(new RunNow(new FiringKey(id, now), state, reason, cancels));
        });
    }

    /**
     * Starts a STARTING firing while holding its row lock, so no other server starts it meanwhile:
     * {@code starter} starts the run (or, when {@code runExists}, an earlier attempt already did),
     * and the firing is recorded FIRED or FAILED_TO_START in the same transaction. False when the
     * firing is not STARTING or another server holds it.
     */
    public boolean start(FiringKey key, Function<StartingFiring, StartResult> starter) {
        return inTransaction(c -> {
            List<StartingFiring> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select f.kind, f.instance_id,"
                    + " exists (select 1 from workflow_instance w where w.id = f.instance_id) run_exists"
                    + " from schedule_firing f where f.schedule_id = ? and f.scheduled_time = ?"
                    + " and f.state = 'STARTING' for update skip locked")) {
                ps.setString(1, key.scheduleId());
                ps.setTimestamp(2, ts(key.scheduledTime()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.add(new StartingFiring(
                                null,
                                key.scheduledTime(),
                                FiringKind.valueOf(rs.getString("kind")),
                                rs.getString("instance_id"),
                                rs.getBoolean("run_exists")));
                    }
                }
            }
            if (found.isEmpty()) {
                return false;
            }
            Stored schedule =
                    query(c, SELECT + " where s.id = ?", key.scheduleId()).get(0);
            StartingFiring f = found.get(0);
            StartResult result = starter.apply(
                    new StartingFiring(schedule, f.scheduledTime(), f.kind(), f.instanceId(), f.runExists()));
            execute(
                    c,
                    "update schedule_firing set state = ?, instance_id = ?, bulk_operation_id = ?, fired_at = ?,"
                            + " reason = coalesce(?, reason) where schedule_id = ? and scheduled_time = ?",
                    result.failure() == null ? FiringState.FIRED.name() : FiringState.FAILED_TO_START.name(),
                    result.failure() == null ? result.instanceId() : null,
                    result.bulkOperationId(),
                    result.failure() == null ? ts(databaseNow(c)) : null,
                    result.failure(),
                    key.scheduleId(),
                    ts(key.scheduledTime()));
            return true;
        });
    }

    /** STARTING firings nobody holds for a while: their server stopped before starting their runs. */
    public List<FiringKey> abandoned(int limit) {
        List<FiringKey> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select schedule_id, scheduled_time from schedule_firing"
                        + " where state = 'STARTING' and recorded_at < now() - make_interval(secs => "
                        + ABANDONED_SECONDS + ") order by recorded_at limit ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new FiringKey(rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /** A schedule's firings, newest first (of one state, when given). */
    public List<ScheduleViews.Firing> firings(Stored s, FiringState state, int offset, int limit) {
        String sql = "select * from schedule_firing where schedule_id = ?" + (state == null ? "" : " and state = ?")
                + " order by scheduled_time desc limit ? offset ?";
        List<Object> args = new ArrayList<>(List.of(s.id()));
        if (state != null) {
            args.add(state.name());
        }
        args.add(limit);
        args.add(offset);
        List<ScheduleViews.Firing> firings = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getTimestamp("scheduled_time").toInstant();
                    firings.add(new ScheduleViews.Firing(
                            utc(at),
                            ScheduleParameters.local(at, s.definition().spec().zone()),
                            rs.getString("state"),
                            rs.getString("kind"),
                            rs.getString("instance_id"),
                            rs.getString("bulk_operation_id"),
                            time(rs, "fired_at"),
                            rs.getString("reason")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return firings;
    }

    public long countFirings(String scheduleId, FiringState state) {
        return state == null
                ? longValue("select count(*) from schedule_firing where schedule_id = ?", scheduleId)
                : longValue(
                        "select count(*) from schedule_firing where schedule_id = ? and state = ?",
                        scheduleId,
                        state.name());
    }

    /** The times in {@code times} that already ran or are starting (a backfill leaves them out). */
    public List<Instant> alreadyRun(String scheduleId, Instant from, Instant to) {
        List<Instant> times = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select scheduled_time from schedule_firing"
                        + " where schedule_id = ? and scheduled_time >= ? and scheduled_time <= ?"
                        + " and state in ('STARTING', 'FIRED', 'BUFFERED')")) {
            bind(ps, scheduleId, ts(from), ts(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }

    /** A backfilled time's run: its firing becomes FIRED (kind BACKFILL), whatever was recorded before. */
    public void recordBackfilled(String scheduleId, Instant at, String instanceId, String operationId) {
        update(
                "insert into schedule_firing (schedule_id, scheduled_time, state, kind, instance_id,"
                        + " bulk_operation_id, fired_at, reason) values (?, ?, 'FIRED', 'BACKFILL', ?, ?, now(), ?)"
                        + " on conflict (schedule_id, scheduled_time) do update set state = 'FIRED', kind = 'BACKFILL',"
                        + " instance_id = excluded.instance_id, bulk_operation_id = excluded.bulk_operation_id,"
                        + " fired_at = excluded.fired_at, reason = excluded.reason",
                scheduleId,
                ts(at),
                instanceId,
                operationId,
                "backfill (bulk operation " + operationId + ")");
    }

    /** Marks a dataset run as a firing of the schedule, so its overlap policy counts it while it runs. */
    public void linkOperation(String operationId, String scheduleId) {
        update("update bulk_operation set schedule_id = ? where id = ?", scheduleId, operationId);
    }

    /** Runs still going (or about to start), and dataset runs and backfills still going: what overlap counts. */
    private static int activeRuns(Connection c, String scheduleId) throws SQLException {
        return (int) longValue(
                c,
                "select (select count(*) from workflow_instance where schedule_id = ? and state in " + ACTIVE_STATES
                        + ")"
                        + " + (select count(*) from schedule_firing f where f.schedule_id = ? and f.state = 'STARTING'"
                        + " and not exists (select 1 from workflow_instance w where w.id = f.instance_id))"
                        + " + (select count(*) from bulk_operation b where b.schedule_id = ?"
                        + " and b.state in ('CREATED', 'RUNNING', 'PAUSED'))",
                scheduleId,
                scheduleId,
                scheduleId);
    }

    /** A claimed schedule stops by itself, saying why. */
    private static void pauseClaimed(Connection c, String id, Instant now, String reason) throws SQLException {
        execute(
                c,
                "update schedule set enabled = false, next_fire_at = null, paused_at = ?, paused_reason = ?,"
                        + " updated_at = now() where id = ?",
                ts(now),
                reason,
                id);
    }

    private static boolean appDeleted(Connection c, String appId) throws SQLException {
        return longValue(c, "select count(*) from app where id = ? and deleted", appId) > 0;
    }

    /** How many of the last {@code n} runs it started failed, when all of them ended. */
    private static int failedInARow(Connection c, String scheduleId, int n) throws SQLException {
        return (int) longValue(
                c,
                "select case when count(*) filter (where w.state = 'Failed') = count(*) then count(*) else 0 end"
                        + " from (select instance_id from schedule_firing where schedule_id = ? and state = 'FIRED'"
                        + " and instance_id is not null order by scheduled_time desc limit ?) f"
                        + " join workflow_instance w on w.id = f.instance_id",
                scheduleId,
                n);
    }

    /** The first time after {@code after} (null when none is left). */
    static Instant nextAfter(ScheduleDefinition def, Instant after, long runsSoFar) {
        List<ScheduledTime> next = ScheduleTimes.next(def.spec(), after, 1, runsSoFar);
        return next.isEmpty() ? null : next.get(0).instant();
    }

    private static final String SELECT = "select s.*, l.states, l.last_time from schedule s left join lateral"
            + " (select array_agg(state order by scheduled_time desc) states, max(scheduled_time) last_time"
            + " from (select state, scheduled_time from schedule_firing f where f.schedule_id = s.id"
            + " order by scheduled_time desc limit 3) x) l on true";

    private Optional<Stored> lock(Connection c, String id, boolean skipLocked) throws SQLException {
        return query(c, SELECT + " where s.id = ? for update of s" + (skipLocked ? " skip locked" : ""), id).stream()
                .findFirst();
    }

    private List<Stored> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Stored> query(Connection c, String sql, Object... args) throws SQLException {
        List<Stored> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(stored(rs));
                }
            }
        }
        return rows;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        long teamId = rs.getLong("team_id");
        Long user = rs.getObject("created_by_user_id") == null ? null : rs.getLong("created_by_user_id");
        List<FiringState> states = new ArrayList<>();
        java.sql.Array array = rs.getArray("states");
        if (array != null) {
            for (Object state : (Object[]) array.getArray()) {
                states.add(FiringState.valueOf((String) state));
            }
        }
        Timestamp next = rs.getTimestamp("next_fire_at");
        return new Stored(
                rs.getString("id"),
                teamId,
                rs.getString("app_id"),
                ScheduleDefinition.fromJson(Jsons.parseObject(rs.getString("definition")))
                        .withEnabled(rs.getBoolean("enabled")),
                rs.getString("paused_reason"),
                time(rs, "paused_at"),
                rs.getTimestamp("handled_until").toInstant(),
                next == null ? null : next.toInstant(),
                rs.getLong("runs_so_far"),
                rs.getInt("buffered"),
                new Caller(user, rs.getString("created_by"), teamId, Role.valueOf(rs.getString("created_by_role"))),
                time(rs, "created_at"),
                time(rs, "updated_at"),
                states,
                time(rs, "last_time"));
    }

    /** A typed SQL null for {@link #bind}. */
    private record Null(int sqlType) {}

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Null n) {
                ps.setNull(i + 1, n.sqlType());
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return execute(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private long longValue(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return longValue(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long longValue(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant timeValue(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static Instant databaseNow(Connection c) throws SQLException {
        return timeValue(c, "select now()");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }
}
