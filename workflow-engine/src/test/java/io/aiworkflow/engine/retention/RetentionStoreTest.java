package io.aiworkflow.engine.retention;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.retention.RetentionStore.Position;
import io.aiworkflow.engine.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which runs a retention policy puts out and what deleting them removes, against a real
 * PostgreSQL: age and count limits, unfinished runs, and runs a bulk operation or a schedule still
 * points at.
 */
class RetentionStoreTest {

    private static RetentionStore store;
    private long team;
    private String app;

    @BeforeAll
    static void database() {
        store = new RetentionStore(Postgres.migrated());
    }

    @BeforeEach
    void newApp() {
        team = Postgres.team();
        app = Postgres.app(team, "full");
    }

    /** A run of the app that started {@code daysAgo} days ago, with a node run, an event and a trace row. */
    private String run(int daysAgo, String state) {
        String id = UUID.randomUUID().toString();
        Postgres.update(
                "insert into workflow_instance (id, app_id, team_id, version, state, start_time)"
                        + " values (?, ?, ?, 1, ?, now() - make_interval(days => ?))",
                id,
                app,
                team,
                state,
                daysAgo);
        Postgres.update(
                "insert into node_execution (instance_id, seq, node_key, invoke_id, node_type, state)"
                        + " values (?, 1, 'n', 'n', 'End', 'Completed')",
                id);
        Postgres.update("insert into instance_event (instance_id, seq, payload) values (?, 1, '{}')", id);
        Postgres.update("insert into trace_frame (instance_id, seq, payload) values (?, 1, '{}')", id);
        Postgres.update(
                "insert into trace_event (instance_id, seq, last_seq, level, events_deflated)"
                        + " values (?, 1, 1, 'full', '\\x00')",
                id);
        return id;
    }

    private List<String> expired(RetentionPolicy policy) {
        Position lastKept = policy.keepRuns() == null
                ? null
                : store.lastKept(app, policy.keepRuns()).orElse(null);
        return store.expired(app, policy, lastKept, null, 100).stream()
                .map(Position::id)
                .toList();
    }

    @Test
    void runsOlderThanTheDaysKeptAreOutUnlessTheyHaveNotEnded() {
        String old = run(40, "Completed");
        String oldFailed = run(35, "Failed");
        run(40, "Running");
        run(40, "Waiting");
        run(10, "Completed");

        assertEquals(List.of(old, oldFailed), expired(new RetentionPolicy(30, null)));
    }

    @Test
    void onlyTheLastRunsKeptStayOldestGoingFirst() {
        String first = run(4, "Completed");
        String second = run(3, "Canceled");
        run(2, "Completed");
        run(1, "Completed");

        assertEquals(List.of(first, second), expired(new RetentionPolicy(null, 2)));
        assertEquals(List.of(), expired(new RetentionPolicy(null, 10)), "fewer runs than the limit");
        assertEquals(
                List.of(first, second),
                expired(new RetentionPolicy(3, 2)),
                "either limit puts a run out: two are beyond the count, none beyond the days");
    }

    @Test
    void aPassGoesOnAfterTheLastRunItRead() {
        String a = run(50, "Completed");
        String b = run(49, "Completed");
        String c = run(48, "Completed");
        RetentionPolicy policy = new RetentionPolicy(30, null);

        List<Position> firstBatch = store.expired(app, policy, null, null, 2);
        assertEquals(List.of(a, b), firstBatch.stream().map(Position::id).toList());
        assertEquals(
                List.of(c),
                store.expired(app, policy, null, firstBatch.get(1), 2).stream()
                        .map(Position::id)
                        .toList());
    }

    @Test
    void aRunAnUnfinishedBulkOperationNamesIsKeptUntilItEnds() {
        String source = run(40, "Completed");
        String rerun = run(40, "Completed");
        String operation = UUID.randomUUID().toString();
        Postgres.update(
                "insert into bulk_operation (id, team_id, action, state, selection, options, max_in_flight,"
                        + " starts_per_second, total, pause_failure_percent, pause_min_ended,"
                        + " pause_failures_in_a_row, reason, created_by, created_by_role)"
                        + " values (?, ?, 'RERUN', 'PAUSED', '{}', '{}', 1, 1, 1, 0, 0, 0, 'test', 'ada', 'admin')",
                operation,
                team);
        Postgres.update(
                "insert into bulk_operation_item (operation_id, seq, source_instance_id, instance_id, state)"
                        + " values (?, 1, ?, ?, 'SUCCEEDED')",
                operation,
                source,
                rerun);

        assertEquals(List.of(), expired(new RetentionPolicy(30, null)));
        Postgres.update("update bulk_operation set state = 'COMPLETED' where id = ?", operation);
        assertEquals(List.of(source, rerun), expired(new RetentionPolicy(30, null)));
    }

    @Test
    void theLatestRunOfEachScheduleIsKept() {
        String earlier = run(41, "Completed");
        String latest = run(40, "Completed");
        String schedule = UUID.randomUUID().toString();
        Postgres.update(
                "insert into schedule (id, team_id, app_id, name, definition, enabled, handled_until, created_by,"
                        + " created_by_role) values (?, ?, ?, 'nightly', '{}', true, now(), 'ada', 'admin')",
                schedule,
                team,
                app);
        Postgres.update(
                "insert into schedule_firing (schedule_id, scheduled_time, state, kind, instance_id) values"
                        + " (?, now() - interval '41 days', 'FIRED', 'SCHEDULED', ?),"
                        + " (?, now() - interval '40 days', 'FIRED', 'SCHEDULED', ?)",
                schedule,
                earlier,
                schedule,
                latest);

        assertEquals(List.of(earlier), expired(new RetentionPolicy(30, null)));
    }

    @Test
    void deletingARunRemovesEverythingRecordedOfItAndCountsItOnThePass() {
        String old = run(40, "Completed");
        Postgres.update(
                "insert into node_execution (instance_id, seq, node_key, invoke_id, node_type, state)"
                        + " values (?, 2, 'm', 'm', 'Code', 'Failed')",
                old);
        assertEquals("1", Postgres.first("select count(*) from run_node_failure where id = ?", old));
        String running = run(40, "Running");
        long pass = store.open("ada", "server-x", null).orElseThrow();

        assertEquals(1, store.delete(pass, List.of(old, running)), "a run that has not ended stays");
        assertEquals("0", Postgres.first("select count(*) from run_node_failure where id = ?", old));

        for (String table : List.of("trace_frame", "trace_event", "instance_event", "node_execution")) {
            assertEquals("0", Postgres.first("select count(*) from " + table + " where instance_id = ?", old), table);
        }
        assertEquals("0", Postgres.first("select count(*) from workflow_instance where id = ?", old));
        assertEquals("1", Postgres.first("select count(*) from workflow_instance where id = ?", running));
        assertEquals(1, store.pass(pass).orElseThrow().runsDeleted());
    }

    @Test
    void aPolicyOfItsOwnReplacesThePlatformDefault() {
        RetentionPolicy platform = new RetentionPolicy(90, null);
        assertTrue(store.appsToPrune(platform).stream()
                .anyMatch(a -> a.appId().equals(app) && !a.own() && a.policy().equals(platform)));

        store.set(app, RetentionPolicy.KEEP_ALL, "ada");
        assertTrue(
                store.appsToPrune(platform).stream().noneMatch(a -> a.appId().equals(app)),
                "an app that keeps every run is not pruned");

        store.set(app, new RetentionPolicy(null, 5), "ada");
        assertEquals(new RetentionPolicy(null, 5), store.ofApp(app).orElseThrow());
        store.clear(app);
        assertTrue(store.ofApp(app).isEmpty());
    }

    @Test
    void limitsOutsideTheirRangeAreValidationErrors() {
        assertThrows(WorkflowException.class, () -> new RetentionPolicy(0, null));
        assertThrows(WorkflowException.class, () -> new RetentionPolicy(null, -1));
        assertThrows(WorkflowException.class, () -> new RetentionPolicy(RetentionPolicy.MAX_DAYS + 1, null));
    }

    @Test
    void onlyOneNightlyPassIsOpenedPerNight() {
        java.time.LocalDate night =
                java.time.LocalDate.of(2031, 1, (int) (team % 28) + 1).plusYears(team % 50);
        assertTrue(store.open("nightly", "server-a", night).isPresent());
        assertTrue(store.open("nightly", "server-b", night).isEmpty(), "the other server's timer finds it taken");
    }
}
