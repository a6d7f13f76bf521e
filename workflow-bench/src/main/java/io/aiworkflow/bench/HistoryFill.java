package io.aiworkflow.bench;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.trace.DeflatedText;
import io.aiworkflow.engine.trace.TraceLevel;
import io.aiworkflow.engine.trace.TracedEvents;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A large history written straight into the platform's database by SQL (through the API it would
 * take hours): runs spread over 90 days and four apps of the bench team, ten node executions each,
 * and a second team whose runs the team filter has to leave out.
 */
final class HistoryFill {

    /** Runs per statement: small enough to show progress, large enough to stay set-based. */
    static final int SLICE = 100_000;

    static final int OTHER_TEAM_RUNS = 20_000;
    static final int TRACED_RUNS = 1_000;
    static final int NODES = 10;

    /** What the fill made: the bench team, its apps (the published one first), the fill's "now". */
    record Filled(long teamId, List<String> appIds, Instant now, List<String> tracedIds, String summary) {}

    /**
     * One slice of runs (n from ? to ?) and their node executions in one statement. The run id hashes
     * the team so that two teams' runs never collide; every 20th run failed (in step8, by its
     * duration), every 100th was canceled, every 100th replays the run 1,000 before it and every 10th
     * came from one of 5 schedules.
     */
    private static final String SLICE_SQL = """
            with p as (select ?::bigint team, ?::text[] apps, ?::int runs, ?::timestamptz now0),
            s as (select n, p.now0 - make_interval(secs => (p.runs - n) * 7776000.0 / p.runs) t,
                         5 + (n::bigint * 7919) % 400 d
                    from p, generate_series(?::int, ?::int) n),
            inserted as (
                insert into workflow_instance (id, app_id, team_id, workflow_design_id, version, state, parameters,
                    result, error_code, error_message, started_by, server_id, start_time, end_time, duration_ms,
                    prompt_tokens, completion_tokens, total_tokens, origin, replay_of, schedule_id, scheduled_time)
                select md5(p.team || 'run' || n)::uuid::text,
                       (p.apps)[1 + n % cardinality(p.apps)],
                       p.team, null, 1 + (n / 100000),
                       case when n % 20 = 7 then 'Failed' when n % 100 = 13 then 'Canceled' else 'Completed' end,
                       json_build_object('name', 'customer-' || (n % 50000), 'topic', 'order ' || n)::text,
                       case when n % 20 = 7 then null else json_build_object('answer', 'done ' || n)::text end,
                       case when n % 20 = 7 then (array['NODE_FAILED', 'TIMEOUT', 'PLUGIN_ERROR'])[1 + n % 3]
                            when n % 100 = 13 then 'CANCELED' end,
                       case when n % 20 = 7 then 'node step' || (n % 10) || ' failed' end,
                       'bench', 'bench-server', t, t + make_interval(secs => d / 1000.0), d,
                       n % 700, n % 300, n % 1000, 'API',
                       case when n % 100 = 42 and n > 1000 then md5(p.team || 'run' || (n - 1000))::uuid::text end,
                       case when n % 10 = 3 then md5('schedule' || (n % 5))::uuid::text end,
                       case when n % 10 = 3 then t end
                  from p, s
                returning id, state, start_time, duration_ms)
            insert into node_execution (instance_id, seq, node_key, invoke_id, node_name, node_type, state,
                start_time, end_time, duration_ms, input, output, error_code, error_message, scope)
            select i.id, k * 2, 'step' || k, 'step' || k, 'Step ' || k, 'DataProcess',
                   case when i.state = 'Failed' and k = (i.duration_ms % 10) then 'Failed' else 'Completed' end,
                   i.start_time, i.start_time, 1, '{"text":"in"}', '{"text":"out"}',
                   case when i.state = 'Failed' and k = (i.duration_ms % 10) then 'NODE_FAILED' end, null, ''
              from inserted i cross join generate_series(0, 9) k""";

    /**
     * An event and a trace for the newest filled runs, so that the trace endpoint reads rows: the
     * traced events of a run like the filled ones (the same bytes for each, as a trace row does not
     * hold its run's id), from which the frames are projected as for any run.
     */
    private static final String TRACE_SQL = """
            with t as (select id from workflow_instance where team_id = ? and server_id = 'bench-server'
                        order by start_time desc, id desc limit ?),
            e as (insert into instance_event (instance_id, seq, payload)
                  select id, 1, '{"type":"workflow_start"}' from t)
            insert into trace_event (instance_id, seq, last_seq, level, events_deflated)
            select id, 1, ?, 'full', ? from t
            returning instance_id""";

    private final DataSource db;

    HistoryFill(DataSource db) {
        this.db = db;
    }

    /** Fills {@code runs} runs of the team of {@code appId} (the app the platform published). */
    Filled fill(String appId, int runs) throws SQLException {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        long teamId = Long.parseLong(
                strings("select team_id from app where id = ?", appId).get(0));
        List<String> apps = new ArrayList<>(List.of(appId));
        for (int i = 2; i <= 4; i++) {
            apps.add(insertApp(teamId, "bench history " + i));
        }
        for (int from = 1; from <= runs; from += SLICE) {
            int to = Math.min(runs, from + SLICE - 1);
            insertRuns(teamId, apps, runs, from, to, now);
            System.out.printf(
                    Locale.ROOT,
                    "[bench] history fill: %,d of %,d runs (%.0f s)%n",
                    to,
                    runs,
                    (System.nanoTime() - t0) / 1e9);
        }
        long otherTeam = Long.parseLong(strings("insert into team (name) values ('bench other') returning id")
                .get(0));
        insertRuns(otherTeam, List.of(insertApp(otherTeam, "bench other")), OTHER_TEAM_RUNS, 1, OTHER_TEAM_RUNS, now);
        List<String> traced = strings(TRACE_SQL, teamId, TRACED_RUNS, 2L * NODES + 2, tracedRun());
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            // vacuum runs outside a transaction: the connection stays in autocommit
            s.execute("vacuum analyze workflow_instance");
            s.execute("vacuum analyze node_execution");
        }
        String size = strings("select pg_size_pretty(pg_database_size(current_database()))")
                .get(0);
        String summary = String.format(
                Locale.ROOT,
                "%,d runs (%,d node executions) over 90 days and 4 apps, + %,d runs of another team;"
                        + " filled in %.0f s; database %s",
                runs,
                (long) runs * NODES,
                OTHER_TEAM_RUNS,
                (System.nanoTime() - t0) / 1e9,
                size);
        System.out.println("[bench] history fill: " + summary);
        return new Filled(teamId, List.copyOf(apps), now, traced, summary);
    }

    /** A filled run's traced events at full: started, ten steps, finished, as the platform stores them. */
    private static byte[] tracedRun() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        JsonObject in = Jsons.parseObject("{\"text\":\"in\"}");
        JsonObject out = Jsons.parseObject("{\"text\":\"out\"}");
        List<EngineEvent> events = new ArrayList<>();
        long seq = 1;
        events.add(new WorkflowStarted(seq++, "", t, "bench-app", 1, in, RunOrigin.API));
        for (int k = 0; k < NODES; k++) {
            NodeRef step = NodeRef.top("step" + k, "Step " + k, "DataProcess", k == 0 ? "bench-app" : null);
            events.add(new NodeStarted(seq++, "", t, step, in));
            events.add(new NodeFinished(seq++, "", t, step, in, out, t, 1, TokenUsage.NONE, null, 1));
        }
        events.add(new WorkflowFinished(seq, "", t, out, NODES, TokenUsage.NONE));
        StringBuilder json = new StringBuilder("[");
        events.forEach(e -> TracedEvents.append(e, TraceLevel.FULL, "bench history", json));
        return DeflatedText.deflate(json.append(']').toString());
    }

    private void insertRuns(long teamId, List<String> apps, int runs, int from, int to, Instant now)
            throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(SLICE_SQL)) {
            ps.setLong(1, teamId);
            ps.setArray(2, c.createArrayOf("text", apps.toArray()));
            ps.setInt(3, runs);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setInt(5, from);
            ps.setInt(6, to);
            ps.executeUpdate();
        }
    }

    private String insertApp(long teamId, String name) throws SQLException {
        String id = UUID.randomUUID().toString();
        update(
                "insert into app (id, team_id, name, app_type, created_at, updated_at)"
                        + " values (?, ?, ?, 2, now(), now())",
                id,
                teamId,
                name);
        return id;
    }

    /** The first column of every row the statement answers. */
    List<String> strings(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
