package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkItemStore.Claim;
import io.aiworkflow.engine.bulk.BulkItemStore.Claimed;
import io.aiworkflow.engine.bulk.BulkItemStore.Exhausted;
import io.aiworkflow.engine.bulk.BulkItemStore.NotRunning;
import io.aiworkflow.engine.bulk.BulkItemStore.Wait;
import io.aiworkflow.engine.bulk.BulkOperationStore.NewOperation;
import io.aiworkflow.engine.bulk.BulkViews.Counts;
import io.aiworkflow.engine.bulk.BulkViews.Preview;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.RunFilter;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bulk stores on a real PostgreSQL: the dry run counts what creating freezes, a selection that
 * changed is refused with nothing stored, claims keep to the in-flight bound and the pace, items
 * follow their runs, and the counts add up to the total at every step.
 */
class BulkStoresTest {

    private static final BulkOptions NO_OPTIONS = new BulkOptions(null, null, null, null, null, null);
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static InstanceStore instances;
    private static BulkOperationStore operations;
    private static BulkItemStore items;

    private long team;
    private String app;
    private Caller editor;

    @BeforeAll
    static void database() {
        instances = new InstanceStore(Postgres.migrated());
        operations = new BulkOperationStore(Postgres.migrated());
        items = new BulkItemStore(Postgres.migrated());
    }

    /** Servers a and b are alive (a claim of a server without a heartbeat counts as abandoned). */
    @BeforeEach
    void serversBeat() {
        for (String server : List.of("server-a", "server-b")) {
            Postgres.update(
                    "insert into server_heartbeat (server_id, started_at, heartbeat_at) values (?, now(), now())"
                            + " on conflict (server_id) do update set heartbeat_at = now()",
                    server);
        }
    }

    @BeforeEach
    void newTeam() {
        team = Postgres.team();
        app = Postgres.app(team, "none");
        editor = new Caller(7L, "ada", team, Role.editor);
    }

    private String run(int minutes, String state) {
        String id = UUID.randomUUID().toString();
        instances.open(
                id,
                app,
                team,
                "design-1",
                1,
                J.obj("{'n':" + minutes + "}"),
                editor,
                "server-x",
                T0.plusSeconds(60L * minutes));
        Postgres.update("update workflow_instance set state = ? where id = ?", state, id);
        return id;
    }

    private BulkSelection failedRuns() {
        return new BulkSelection(new RunFilter(app, "Failed", null, null, null, null, null, null, null, null), null);
    }

    private NewOperation operation(BulkSelection selection, int maxInFlight, double pace) {
        return new NewOperation(
                UUID.randomUUID().toString(),
                team,
                BulkAction.RERUN,
                selection,
                new BulkOptions(null, null, null, null, null, null),
                maxInFlight,
                pace,
                new FailurePolicy(20, 20, 10),
                "model fixed",
                null,
                null,
                editor);
    }

    @Test
    void theDryRunCountsExactlyWhatCreatingFreezes() {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            failed.add(run(i, "Failed"));
        }
        run(30, "Completed");
        Preview preview = operations.preview(team, failedRuns(), NO_OPTIONS, 100);
        assertEquals(25, preview.count());
        assertEquals(25L, preview.breakdown().get("state").get("Failed"));
        assertEquals(BulkOperationStore.SAMPLES, preview.samples().size());
        assertEquals(failed.get(0), preview.samples().get(0).instanceId(), "oldest first");

        NewOperation op = operation(failedRuns(), 4, 2);
        operations.create(op, preview.selectionToken(), 25, 100);
        List<String> frozen = items.items(op.id(), null, 1, 100).items().stream()
                .map(BulkViews.Item::sourceInstanceId)
                .toList();
        assertEquals(failed, frozen);
        assertEquals(new Counts(25, 25, 0, 0, 0, 0, 0), items.counts(op.id()));
        assertEquals(BulkState.CREATED, operations.find(op.id()).orElseThrow().state());
    }

    @Test
    void aSelectionThatChangedSinceItsDryRunStoresNothing() {
        run(1, "Failed");
        run(2, "Failed");
        Preview preview = operations.preview(team, failedRuns(), NO_OPTIONS, 100);
        run(3, "Failed"); // a new failure arrives between the dry run and the start
        NewOperation op = operation(failedRuns(), 4, 2);
        WorkflowException e =
                assertThrows(WorkflowException.class, () -> operations.create(op, preview.selectionToken(), 2, 100));
        assertEquals(ErrorCode.SELECTION_CHANGED, e.code());
        assertEquals(3L, e.details().get("count"));
        assertTrue(operations.find(op.id()).isEmpty(), "nothing half-written");

        Preview again = operations.preview(team, failedRuns(), NO_OPTIONS, 100);
        assertNotEquals(preview.selectionToken(), again.selectionToken());
        NewOperation tooMany = operation(failedRuns(), 4, 2);
        WorkflowException big =
                assertThrows(WorkflowException.class, () -> operations.create(tooMany, again.selectionToken(), 3, 2));
        assertEquals(ErrorCode.SELECTION_TOO_LARGE, big.code());
        assertTrue(operations.find(tooMany.id()).isEmpty());
    }

    @Test
    void explicitIdsOfOtherTeamsSelectNothing() {
        String mine = run(1, "Failed");
        long otherTeam = Postgres.team();
        String theirs = UUID.randomUUID().toString();
        instances.open(
                theirs,
                Postgres.app(otherTeam, "none"),
                otherTeam,
                "d",
                1,
                J.obj("{}"),
                new Caller(8L, "eve", otherTeam, Role.editor),
                "server-x",
                T0);
        Preview preview = operations.preview(
                team, new BulkSelection(null, List.of(mine, theirs, "no-such-run")), NO_OPTIONS, 100);
        assertEquals(1, preview.count());
        assertEquals(List.of(theirs, "no-such-run"), preview.notFound());
    }

    @Test
    void claimsKeepToTheInFlightBoundAndThePace() {
        for (int i = 0; i < 5; i++) {
            run(i, "Failed");
        }
        NewOperation op = operation(failedRuns(), 2, 1000);
        operations.create(
                op, operations.preview(team, failedRuns(), NO_OPTIONS, 100).selectionToken(), 5, 100);
        assertInstanceOf(NotRunning.class, items.claim(op.id(), "server-a", true), "not started yet");
        assertTrue(operations.transition(op.id(), EnumSet.of(BulkState.CREATED), BulkState.RUNNING, null));

        Claimed first = assertInstanceOf(Claimed.class, claimWhenPaced(op.id()));
        Claimed second = assertInstanceOf(Claimed.class, claimWhenPaced(op.id()));
        assertEquals(1, first.item().seq());
        assertEquals(2, second.item().seq());
        assertNotEquals(first.item().instanceId(), second.item().instanceId());
        assertInstanceOf(Wait.class, items.claim(op.id(), "server-b", true), "two in flight: the bound holds");
        assertEquals(new Counts(5, 3, 2, 0, 0, 0, 0), items.counts(op.id()));

        // a run waiting for a person holds no slot; the item stays RUNNING all the same
        runOf(second, "Waiting");
        Claimed whileWaiting = assertInstanceOf(Claimed.class, claimWhenPaced(op.id()));
        assertEquals(3, whileWaiting.item().seq());
        assertEquals(new Counts(5, 2, 3, 0, 0, 0, 0), items.counts(op.id()));
        runOf(whileWaiting, "Running");

        // the first item's run completes: the slot frees up, and the item succeeded only now
        runOf(first, "Completed");
        items.reconcile(op.id());
        assertEquals(new Counts(5, 2, 2, 1, 0, 0, 0), items.counts(op.id()));
        Claimed third = assertInstanceOf(Claimed.class, claimWhenPaced(op.id()));
        assertEquals(4, third.item().seq());
        runOf(whileWaiting, "Completed");

        operations.updatePace(op.id(), null, 0.001); // one start every 1000 s
        Claim paced = items.claim(op.id(), "server-a", true);
        runOf(second, "Failed");
        runOf(third, "Completed");
        items.reconcile(op.id());
        Claim stillPaced = items.claim(op.id(), "server-a", true);
        assertTrue(paced instanceof Wait || paced instanceof Claimed);
        Wait wait = assertInstanceOf(Wait.class, stillPaced);
        assertTrue(wait.millis() > 1000, "the pace holds the next start back: " + wait.millis());
        Counts counts = items.counts(op.id());
        assertEquals(counts.total(), counts.pending() + counts.running() + counts.ended());
    }

    @Test
    void aClaimOfAStoppedServerWhoseRunNeverOpenedIsPendingAgain() {
        run(1, "Failed");
        run(2, "Failed");
        NewOperation op = operation(failedRuns(), 4, 1000);
        operations.create(
                op, operations.preview(team, failedRuns(), NO_OPTIONS, 100).selectionToken(), 2, 100);
        operations.transition(op.id(), EnumSet.of(BulkState.CREATED), BulkState.RUNNING, null);
        Claimed opened = assertInstanceOf(Claimed.class, claimWhenPaced(op.id(), "gone-server"));
        Claimed never = assertInstanceOf(Claimed.class, claimWhenPaced(op.id(), "gone-server"));
        runOf(opened, "Running");

        items.reconcile(op.id());
        assertEquals(new Counts(2, 1, 1, 0, 0, 0, 0), items.counts(op.id()));
        Claimed again = assertInstanceOf(Claimed.class, claimWhenPaced(op.id(), "server-b"));
        assertEquals(never.item().seq(), again.item().seq());
        assertNotEquals(never.item().instanceId(), again.item().instanceId());
        assertInstanceOf(Exhausted.class, items.claim(op.id(), "server-b", true));
    }

    @Test
    void cancelingCancelsPendingItemsInTheSameStep() {
        for (int i = 0; i < 3; i++) {
            run(i, "Failed");
        }
        NewOperation op = operation(failedRuns(), 1, 1000);
        operations.create(
                op, operations.preview(team, failedRuns(), NO_OPTIONS, 100).selectionToken(), 3, 100);
        operations.transition(op.id(), EnumSet.of(BulkState.CREATED), BulkState.RUNNING, null);
        Claimed running = assertInstanceOf(Claimed.class, claimWhenPaced(op.id()));
        runOf(running, "Running");
        assertTrue(operations.transition(
                op.id(), EnumSet.of(BulkState.RUNNING, BulkState.PAUSED), BulkState.CANCELED, null));
        assertEquals(new Counts(3, 0, 1, 0, 0, 0, 2), items.counts(op.id()));
        assertFalse(operations.transition(op.id(), EnumSet.of(BulkState.RUNNING), BulkState.PAUSED, "late"));
        assertNull(operations.view(op.id()).orElseThrow().pauseReason());
    }

    @Test
    void theOperationEndsByItsItemsAndPausesOnFailures() {
        for (int i = 0; i < 4; i++) {
            run(i, "Failed");
        }
        NewOperation op = new NewOperation(
                UUID.randomUUID().toString(),
                team,
                BulkAction.RERUN,
                failedRuns(),
                new BulkOptions(null, null, null, null, null, null),
                4,
                1000,
                new FailurePolicy(0, 0, 2),
                "try again",
                null,
                null,
                editor);
        operations.create(
                op, operations.preview(team, failedRuns(), NO_OPTIONS, 100).selectionToken(), 4, 100);
        operations.transition(op.id(), EnumSet.of(BulkState.CREATED), BulkState.RUNNING, null);
        BulkProgress progress = new BulkProgress(operations, items);
        Set<Claimed> claimed = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            claimed.add(assertInstanceOf(Claimed.class, claimWhenPaced(op.id())));
        }
        claimed.forEach(c -> runOf(c, "Failed"));
        assertEquals(BulkState.PAUSED, progress.advance(op.id()).orElseThrow().state(), "two failures in a row");
        assertTrue(operations.view(op.id()).orElseThrow().pauseReason().contains("the last 2 finished items failed"));
        assertTrue(
                operations.auditTrail(op.id()).stream().anyMatch(a -> a.action().equals("AUTO_PAUSE")));

        operations.transition(op.id(), EnumSet.of(BulkState.PAUSED), BulkState.RUNNING, null);
        operations.updatePace(op.id(), null, 1000.0);
        for (int i = 0; i < 2; i++) {
            runOf(assertInstanceOf(Claimed.class, claimWhenPaced(op.id())), "Completed");
        }
        BulkProgress.Standing end = progress.advance(op.id()).orElseThrow();
        assertEquals(BulkState.PARTIALLY_COMPLETED, end.state());
        assertEquals(new Counts(4, 0, 0, 2, 2, 0, 0), end.counts());
        assertEquals(BulkState.FAILED, BulkProgress.endState(new Counts(2, 0, 0, 0, 1, 0, 1)));
        assertEquals(BulkState.COMPLETED, BulkProgress.endState(new Counts(3, 0, 0, 1, 0, 2, 0)));
    }

    @Test
    void theFailurePolicyNeedsEnoughEndedItems() {
        FailurePolicy policy = new FailurePolicy(20, 20, 10);
        assertNull(policy.pauseReason(new BulkItemStore.FailureStats(5, 9, 3)), "14 ended: too few to judge");
        assertTrue(policy.pauseReason(new BulkItemStore.FailureStats(15, 5, 1)).contains("5 of 20"));
        assertNull(policy.pauseReason(new BulkItemStore.FailureStats(16, 4, 1)), "exactly 20 % is not more");
        assertTrue(
                policy.pauseReason(new BulkItemStore.FailureStats(100, 10, 10)).contains("last 10"));
        assertNull(new FailurePolicy(0, 0, 0).pauseReason(new BulkItemStore.FailureStats(0, 50, 50)));
    }

    private Claim claimWhenPaced(String operationId) {
        return claimWhenPaced(operationId, "server-a");
    }

    /** Claims, waiting out the pace (at most about a millisecond at 1000 starts per second). */
    private Claim claimWhenPaced(String operationId, String server) {
        for (int i = 0; i < 1000; i++) {
            Claim claim = items.claim(operationId, server, true);
            if (!(claim instanceof Wait)) {
                return claim;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no claim");
    }

    /** The run a claimed item started, recorded as the run service would, then in {@code state}. */
    private void runOf(Claimed claimed, String state) {
        String id = claimed.item().instanceId();
        if (Postgres.first("select count(*) from workflow_instance where id = ?", id)
                .equals("0")) {
            instances.open(id, app, team, "design-1", 1, J.obj("{}"), editor, "server-a", Instant.now());
        }
        Postgres.update("update workflow_instance set state = ?, end_time = now() where id = ?", state, id);
    }
}
