package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.support.Postgres;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The runs list stays an index range on a large history: for every filter and sort, PostgreSQL's
 * plan (EXPLAIN, with fresh statistics, on a team of 40,000 runs among four such teams) reads
 * {@code workflow_instance} through an index, never a scan of the table; and where many runs match,
 * a start-time page (the first, or one after a cursor) comes out of the index in order, without a
 * sort of the matching runs. Where few match (failures, replays, a search) sorting them is cheaper.
 */
class RunListPlansTest {

    private static final int RUNS = 40_000;
    private static DataSource dataSource;
    private static long team;
    private static String app;
    private static String schedule;
    private static String replayed;

    @BeforeAll
    static void largeHistory() {
        dataSource = Postgres.migrated();
        // plans follow statistics: these come from this class's own ANALYZE of every row (a sample of
        // 300,000 rows holds them all), not from a random sample, nor from an autovacuum that sampled
        // the table halfway through the inserts below and finished after that ANALYZE
        for (String table : List.of("workflow_instance", "node_execution", "run_node_failure")) {
            Postgres.update("alter table " + table + " set (autovacuum_enabled = false)");
        }
        Postgres.update("alter table workflow_instance alter column parameters set statistics 1000");
        team = Postgres.team();
        app = Postgres.app(team, "full");
        String otherApp = Postgres.app(team, "full");
        schedule = "schedule-" + team;
        for (int other = 0; other < 3; other++) {
            long otherTeam = Postgres.team();
            String theirApp = Postgres.app(otherTeam, "full");
            history(otherTeam, theirApp, theirApp, "schedule-" + otherTeam);
        }
        history(team, app, otherApp, schedule);
        Postgres.update("""
                insert into node_execution (instance_id, seq, node_key, invoke_id, node_type, state)
                select i.id, k, 'step' || k, 'step' || k, 'DataProcess',
                       case when i.error_code is not null and k = 3 and i.duration_ms % 10 = 0 then 'Failed'
                            when k = 1 and i.duration_ms % 4 = 0 then 'Failed'
                            else 'Completed' end
                  from workflow_instance i cross join generate_series(1, 4) k where i.team_id = ?""", team);
        Postgres.update("analyze workflow_instance");
        Postgres.update("analyze node_execution");
        Postgres.update("analyze run_node_failure");
        replayed = "t" + team + "-" + (RUNS - 59);
    }

    @AfterAll
    static void autovacuumAgain() {
        for (String table : List.of("workflow_instance", "node_execution", "run_node_failure")) {
            Postgres.update("alter table " + table + " reset (autovacuum_enabled)");
        }
        Postgres.update("alter table workflow_instance alter column parameters set statistics -1");
    }

    /**
     * A month of a team's runs, one every 65 s: 1 in 20 failed (in node step3 for about 1 in 200),
     * 1 in 10 from the schedule, 1 in 100 replaying an earlier run, versions growing with time.
     */
    private static void history(long teamId, String appId, String otherApp, String scheduleId) {
        Postgres.update("""
                insert into workflow_instance (id, app_id, team_id, version, state, parameters, error_code,
                    start_time, end_time, duration_ms, total_tokens, replay_of, schedule_id, scheduled_time)
                select ? || '-' || n, case when n % 2 = 0 then ? else ? end, ?, 1 + n / 10000,
                       case when n % 20 = 7 then 'Failed' else 'Completed' end,
                       json_build_object('customer', 'customer-' || n)::text,
                       case when n % 20 = 7 then 'NODE_FAILED' end,
                       now() - make_interval(secs => (? - n) * 65), now(), n % 997, n % 1009,
                       case when n % 100 = 42 then ? || '-' || (n - 1) end,
                       case when n % 10 = 3 then ? end, case when n % 10 = 3 then now() end
                  from generate_series(1, ?) n""", "t" + teamId, appId, otherApp, teamId, RUNS, "t" + teamId, scheduleId, RUNS);
    }

    static Stream<Arguments> lists() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("every run", filter(null, null, null, null, null, null, null, null, null), true),
                Arguments.of("app", filter(app, null, null, null, null, null, null, null, null), true),
                Arguments.of("state", filter(null, "Completed", null, null, null, null, null, null, null), true),
                Arguments.of("version", filter(null, null, 2, null, null, null, null, null, null), true),
                Arguments.of(
                        "time range",
                        filter(
                                null,
                                null,
                                null,
                                now.minus(10, ChronoUnit.DAYS),
                                now.minus(3, ChronoUnit.DAYS),
                                null,
                                null,
                                null,
                                null),
                        true),
                Arguments.of(
                        "error code", filter(null, null, null, null, null, "NODE_FAILED", null, null, null), false),
                // a node that failed in a quarter of the runs: its failures are read in the list's order
                Arguments.of(
                        "node failed often", filter(null, null, null, null, null, null, "step1", null, null), true),
                // few runs match these: they are looked up by their own index, then sorted
                Arguments.of(
                        "node failed rarely", filter(null, null, null, null, null, null, "step3", null, null), false),
                Arguments.of(
                        "replays of a run", filter(null, null, null, null, null, null, null, replayed, null), false),
                Arguments.of("schedule", filter(null, null, null, null, null, null, null, null, schedule), true),
                Arguments.of("search", search("customer-4242"), false),
                Arguments.of(
                        "app and state", filter(app, "Completed", null, null, null, null, null, null, null), true));
    }

    private static RunFilter search(String text) {
        return new RunFilter(null, null, null, null, null, null, null, null, null, text);
    }

    private static RunFilter filter(
            String appId,
            String state,
            Integer version,
            Instant from,
            Instant to,
            String errorCode,
            String failedNode,
            String replayOf,
            String scheduleId) {
        return new RunFilter(appId, state, version, from, to, errorCode, failedNode, replayOf, scheduleId, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void aListPageAndItsCountReadIndexesOnly(String name, RunFilter filter, boolean inIndexOrder) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (RunCursor cursor : new RunCursor[] {null, new RunCursor(RunSort.Field.START_TIME, micros(), "t")}) {
                InstanceStore.ListQuery query = InstanceStore.listQuery(team, filter, RunSort.NEWEST, cursor, 1, 20);
                JsonObject page = plan(c, query.pageSql(), query.pageArgs());
                assertFalse(nodes(page).contains("Seq Scan"), name + ": " + page);
                if (inIndexOrder) {
                    assertFalse(nodes(page).contains("Sort"), name + " sorts the matching runs: " + page);
                }
                JsonObject count = plan(c, query.countSql(), query.countArgs());
                assertFalse(nodes(count).contains("Seq Scan"), name + " (count): " + count);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sorts")
    void theOtherSortsReadAnIndexInOrderInBothDirections(String sort) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            InstanceStore.ListQuery query = InstanceStore.listQuery(
                    team,
                    filter(null, null, null, null, null, null, null, null, null),
                    RunSort.parse(sort),
                    null,
                    1,
                    20);
            JsonObject page = plan(c, query.pageSql(), query.pageArgs());
            List<String> nodes = nodes(page);
            assertFalse(nodes.contains("Seq Scan") || nodes.contains("Sort"), sort + ": " + page);
        }
    }

    static Stream<String> sorts() {
        return Stream.of("startTime", "duration", "-duration", "tokens", "-tokens");
    }

    @Test
    void aSearchAsksTheTrigramIndexForItsNumberAlone() throws SQLException {
        InstanceStore.ListQuery query =
                InstanceStore.listQuery(team, search("customer-4242"), RunSort.NEWEST, null, 1, 20);
        try (Connection c = dataSource.getConnection()) {
            List<String> asked = planNodes(plan(c, query.pageSql(), query.pageArgs())).stream()
                    .filter(n -> "workflow_instance_parameters_trgm_idx".equals(n.getString("Index Name", "")))
                    .map(n -> n.getString("Index Cond"))
                    .toList();
            assertEquals(List.of("(parameters ~~* '%4242%'::text)"), asked);
        }
    }

    @Test
    void theLookupsOfOneRunUseTheirIndexes() throws SQLException {
        String run = "t" + team + "-" + (RUNS / 2);
        try (Connection c = dataSource.getConnection()) {
            for (String sql : List.of(
                    "select * from workflow_instance where id = ?",
                    "select * from node_execution where instance_id = ? order by seq",
                    "select seq, payload from instance_event where instance_id = ? and seq > 0 order by seq",
                    "select payload_deflated, payload, last_seq from trace_frame where instance_id = ? order by seq",
                    "select level, events_deflated from trace_event where instance_id = ? order by seq")) {
                JsonObject plan = plan(c, sql, List.of(run));
                assertFalse(nodes(plan).contains("Seq Scan"), sql + ": " + plan);
            }
        }
    }

    private static long micros() {
        Instant t = Instant.now().minus(20, ChronoUnit.DAYS);
        return t.getEpochSecond() * 1_000_000L;
    }

    private static JsonObject plan(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("explain (format json) " + sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jsons.parse(rs.getString(1))
                        .asJsonArray()
                        .getJsonObject(0)
                        .getJsonObject("Plan");
            }
        }
    }

    /** Every node type of the plan, depth first. */
    private static List<String> nodes(JsonObject plan) {
        return planNodes(plan).stream().map(n -> n.getString("Node Type")).toList();
    }

    /** The plan's nodes, depth first. */
    private static List<JsonObject> planNodes(JsonObject plan) {
        List<JsonObject> all = new ArrayList<>();
        all.add(plan);
        JsonArray children = plan.getJsonArray("Plans");
        if (children != null) {
            for (JsonValue child : children) {
                all.addAll(planNodes(child.asJsonObject()));
            }
        }
        return all;
    }
}
