package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.InstanceViews.Page;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.history.InstanceViews.Summary;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution history a user reads, against a real PostgreSQL: the paged, filtered run list of
 * their team, single runs, and the queries servers use to share waiting runs (lease, claim, adopt).
 */
class InstanceStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static InstanceStore instances;

    /** A team of its own per test: lists then hold exactly what the test made. */
    private long team;

    private Caller editor;

    @BeforeAll
    static void database() {
        instances = new InstanceStore(Postgres.migrated());
    }

    private void newTeam() {
        team = Postgres.team();
        editor = new Caller(7L, "ada", team, Role.editor);
    }

    /** A run of the app opened as RunService opens it, {@code minutes} after T0, then put in {@code state}. */
    private String run(String appId, int minutes, String state) {
        String id = UUID.randomUUID().toString();
        instances.open(
                id,
                appId,
                team,
                "design-1",
                1,
                J.obj("{'n':" + minutes + "}"),
                editor,
                "server-x",
                T0.plusSeconds(60L * minutes));
        if (!state.equals("Running")) {
            Postgres.update("update workflow_instance set state = ? where id = ?", state, id);
        }
        return id;
    }

    private static List<String> ids(Page page) {
        return page.items().stream().map(Summary::id).toList();
    }

    private static void notFound(Executable call) {
        assertEquals(
                ErrorCode.INSTANCE_NOT_FOUND,
                assertThrows(WorkflowException.class, call).code());
    }

    @Test
    void runsAreListedNewestFirstOnePageAtATime() {
        newTeam();
        String app = Postgres.app(team, "full");
        List<String> newestFirst = new ArrayList<>();
        for (int minute = 0; minute < 7; minute++) {
            newestFirst.add(0, run(app, minute, "Completed"));
        }

        Page first = instances.list(editor, app, null, null, null, 1, 3);
        Page second = instances.list(editor, app, null, null, null, 2, 3);
        Page third = instances.list(editor, app, null, null, null, 3, 3);
        Page past = instances.list(editor, app, null, null, null, 4, 3);

        assertEquals(newestFirst.subList(0, 3), ids(first));
        assertEquals(newestFirst.subList(3, 6), ids(second));
        assertEquals(newestFirst.subList(6, 7), ids(third));
        assertEquals(List.of(), ids(past));
        for (Page page : List.of(first, second, third, past)) {
            assertEquals(7, page.total(), "the total is of all pages");
            assertEquals(3, page.pageSize());
        }
        assertEquals(2, second.page());
    }

    @Test
    void runsStartedAtTheSameMomentKeepOneOrderAcrossPages() {
        newTeam();
        String app = Postgres.app(team, "full");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            run(app, 0, "Completed");
        }
        for (int page = 1; page <= 5; page++) {
            List<String> one = ids(instances.list(editor, app, null, null, null, page, 1));
            assertEquals(1, one.size());
            assertTrue(seen.add(one.get(0)), "page " + page + " repeats a run");
        }
    }

    @Test
    void aCursorWalksEveryRunOnceInEachSortAsPageNumbersDo() {
        newTeam();
        String app = Postgres.app(team, "full");
        for (int i = 0; i < 11; i++) {
            String id = run(app, i % 4, i % 5 == 0 ? "Running" : "Completed"); // equal start times too
            if (i % 5 != 0) {
                Postgres.update(
                        "update workflow_instance set duration_ms = ?, total_tokens = ? where id = ?",
                        (long) (i % 3) * 100,
                        (long) i * 7 % 5,
                        id);
            }
        }
        RunFilter all = RunFilter.of(app, null, null, null);
        for (String sortName : List.of("-startTime", "startTime", "duration", "-duration", "tokens", "-tokens")) {
            RunSort sort = RunSort.parse(sortName);
            List<String> byNumber = ids(instances.list(editor, all, sort, 1, 200));
            List<String> byCursor = new ArrayList<>();
            String after = null;
            for (int pages = 0; pages < 20; pages++) {
                Page page = instances.list(editor, all, sort, after == null ? 1 : 99, 3, after);
                byCursor.addAll(ids(page));
                assertEquals(1, page.page(), "a cursor page has no number");
                after = page.nextCursor();
                if (after == null) {
                    break;
                }
            }
            assertEquals(byNumber, byCursor, "sorted by " + sortName);
            assertEquals(11, new HashSet<>(byCursor).size());
        }
        List<String> byDuration = ids(instances.list(editor, all, RunSort.parse("duration"), 1, 200));
        assertEquals(
                "Running",
                instances.get(editor, byDuration.get(10)).state(),
                "a run without a duration counts as the longest");
    }

    @Test
    void aCursorThatTheListDidNotGiveIsAValidationError() {
        newTeam();
        String app = Postgres.app(team, "full");
        for (int minute = 0; minute < 3; minute++) {
            run(app, minute, "Completed");
        }
        RunFilter all = RunFilter.of(app, null, null, null);
        String next = instances.list(editor, all, RunSort.NEWEST, 1, 2).nextCursor();
        assertNotNull(next);

        // not base64; then base64 of a cursor whose key is not a number
        for (String bad : List.of("not a cursor!", "cjE6U1RBUlRfVElNRTp4Onk")) {
            WorkflowException e =
                    assertThrows(WorkflowException.class, () -> instances.list(editor, all, RunSort.NEWEST, 1, 2, bad));
            assertEquals(ErrorCode.VALIDATION_ERROR, e.code(), bad);
        }
        WorkflowException otherSort = assertThrows(
                WorkflowException.class, () -> instances.list(editor, all, RunSort.parse("tokens"), 1, 2, next));
        assertTrue(otherSort.getMessage().contains("sorted by another field"), otherSort.getMessage());
    }

    @Test
    void theTotalIsCountedUpToTenThousandRuns() {
        newTeam();
        String app = Postgres.app(team, "full");
        Postgres.update(
                "insert into workflow_instance (id, app_id, team_id, version, state, start_time, parameters)"
                        + " select gen_random_uuid()::text, ?, ?, 1, case when n <= 3 then 'Failed' else 'Completed' end,"
                        + " now() - make_interval(secs => n), '{\"order\":\"A-' || n || '\"}'"
                        + " from generate_series(1, 10005) n",
                app,
                team);

        Page all = instances.list(editor, app, null, null, null, 1, 20);
        assertEquals(InstanceStore.TOTAL_COUNTED, all.total());
        assertFalse(all.totalExact(), "more runs match than were counted");
        Page failed = instances.list(editor, app, "Failed", null, null, 1, 20);
        assertEquals(3, failed.total());
        assertTrue(failed.totalExact());
        assertNull(failed.nextCursor(), "a short page is the last");

        // a search is checked run by run: its total is counted less far
        Page searched = instances.list(
                editor,
                new RunFilter(app, null, null, null, null, null, null, null, null, "a-"),
                RunSort.NEWEST,
                1,
                20);
        assertEquals(InstanceStore.TOTAL_COUNTED_CHECKED_RUN_BY_RUN, searched.total());
        assertFalse(searched.totalExact());
    }

    @Test
    void aSearchFindsTheRunsWhoseParametersHoldTheWholeTextInAnyCase() {
        newTeam();
        String app = Postgres.app(team, "full");
        String upper = searchable(app, 1, "{\"customer\":\"CUSTOMER-4242\"}");
        String inside = searchable(app, 2, "{\"note\":\"re: customer-42424, twice\"}");
        searchable(app, 3, "{\"customer\":\"customer-14242\"}");
        searchable(app, 4, "{\"customer\":\"customer-1\",\"order\":\"4242\"}");
        String byId = searchable(app, 5, "{}");

        assertEquals(Set.of(upper, inside), Set.copyOf(ids(search(app, "Customer-4242"))));
        assertEquals(Set.of(upper, inside), Set.copyOf(ids(search(app, "  customer-4242 "))));
        assertEquals(List.of(byId), ids(search(app, byId)));
        // a text without a word with digits, and one that is that word alone
        assertEquals(Set.of(upper, inside), Set.copyOf(ids(search(app, "omer-42"))));
        assertEquals(4, ids(search(app, "4242")).size());
        assertEquals(List.of(), ids(search(app, "customer-4242-")));
    }

    private String searchable(String app, int minute, String parameters) {
        String id = run(app, minute, "Completed");
        Postgres.update("update workflow_instance set parameters = ? where id = ?", parameters, id);
        return id;
    }

    private Page search(String app, String text) {
        return instances.list(
                editor,
                new RunFilter(app, null, null, null, null, null, null, null, null, text),
                RunSort.NEWEST,
                1,
                20);
    }

    @Test
    void aPageSizeIsKeptWithinBoundsAndPagesStartAtOne() {
        newTeam();
        String app = Postgres.app(team, "full");
        for (int minute = 0; minute < 25; minute++) {
            run(app, minute, "Completed");
        }

        Page defaulted = instances.list(editor, app, null, null, null, 0, 0);
        assertEquals(1, defaulted.page());
        assertEquals(20, defaulted.pageSize());
        assertEquals(20, defaulted.items().size());
        assertEquals(ids(instances.list(editor, app, null, null, null, 1, 20)), ids(defaulted));

        Page capped = instances.list(editor, app, null, null, null, 1, 10_000);
        assertEquals(200, capped.pageSize());
        assertEquals(25, capped.items().size());
        assertEquals(
                ids(instances.list(editor, app, null, null, null, 1, 5)),
                ids(instances.list(editor, app, null, null, null, -3, 5)));
    }

    private void nodeRun(String instanceId, long seq, String nodeKey, String state) {
        Postgres.update(
                "insert into node_execution (instance_id, seq, node_key, invoke_id, node_type, state)"
                        + " values (?, ?, ?, ?, 'Code', ?)",
                instanceId,
                seq,
                nodeKey,
                nodeKey,
                state);
    }

    private static RunFilter failedIn(String nodeKey, String state) {
        return new RunFilter(null, state, null, null, null, null, nodeKey, null, null, null);
    }

    @Test
    void runsInWhichANodeFailedAreListedNewestFirstByPageAndByCursor() {
        newTeam();
        String app = Postgres.app(team, "full");
        List<String> newestFirst = new ArrayList<>();
        for (int minute = 0; minute < 9; minute++) {
            String id = run(app, minute, minute % 2 == 0 ? "Failed" : "Completed");
            nodeRun(id, 1, "fetch", "Completed");
            if (minute % 3 != 1) { // failed in "check" (twice, when retried), the others only ran it
                nodeRun(id, 2, "check", "Failed");
                newestFirst.add(0, id);
            }
            if (minute % 3 == 0) {
                nodeRun(id, 3, "check", "Failed");
            }
        }
        long ownTeam = team;
        Caller owner = editor;
        newTeam(); // another team's failures of the same node key are not listed
        nodeRun(run(Postgres.app(team, "full"), 21, "Failed"), 1, "check", "Failed");
        team = ownTeam;
        editor = owner;

        Page first = instances.list(editor, failedIn("check", null), RunSort.NEWEST, 1, 4);
        Page second = instances.list(editor, failedIn("check", null), RunSort.NEWEST, 2, 4);
        Page byCursor = instances.list(editor, failedIn("check", null), RunSort.NEWEST, 1, 4, first.nextCursor());

        assertEquals(6, first.total(), "one row per run, however often the node failed in it");
        assertTrue(first.totalExact());
        assertEquals(newestFirst.subList(0, 4), ids(first));
        assertEquals(newestFirst.subList(4, 6), ids(second));
        assertEquals(ids(second), ids(byCursor));
        assertEquals(List.of(), ids(instances.list(editor, failedIn("fetch", null), RunSort.NEWEST, 1, 20)));

        // with another filter, or in another order, the runs are joined before they are paged
        List<String> failedRuns = newestFirst.stream()
                .filter(id -> Postgres.first("select state from workflow_instance where id = ?", id)
                        .equals("Failed"))
                .toList();
        Page failedAndFailedIn = instances.list(editor, failedIn("check", "Failed"), RunSort.NEWEST, 1, 20);
        assertEquals(failedRuns, ids(failedAndFailedIn));
        assertEquals(failedRuns.size(), failedAndFailedIn.total());
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        assertEquals(
                oldestFirst, ids(instances.list(editor, failedIn("check", null), RunSort.parse("startTime"), 1, 20)));
        assertEquals(
                6,
                instances
                        .list(editor, failedIn("check", null), RunSort.parse("-duration"), 1, 20)
                        .items()
                        .size());
    }

    @Test
    void theListIsFilteredByAppStateAndStartTime() {
        newTeam();
        String app = Postgres.app(team, "full");
        String otherApp = Postgres.app(team, "full");
        String running = run(app, 1, "Running");
        String failedEarly = run(app, 2, "Failed");
        String waiting = run(app, 3, "Waiting");
        String failedLate = run(app, 4, "Failed");
        String completed = run(app, 5, "Completed");
        String otherAppsRun = run(otherApp, 6, "Failed");

        assertEquals(
                List.of(completed, failedLate, waiting, failedEarly, running),
                ids(instances.list(editor, app, null, null, null, 1, 20)));
        assertEquals(List.of(failedLate, failedEarly), ids(instances.list(editor, app, "Failed", null, null, 1, 20)));
        assertEquals(2, instances.list(editor, app, "Failed", null, null, 1, 20).total());
        assertEquals(List.of(waiting), ids(instances.list(editor, app, "Waiting", null, null, 1, 20)));
        assertEquals(List.of(), ids(instances.list(editor, app, "Canceled", null, null, 1, 20)));

        Instant minute3 = T0.plusSeconds(180);
        Instant minute5 = T0.plusSeconds(300);
        assertEquals(
                List.of(failedLate, waiting),
                ids(instances.list(editor, app, null, minute3, minute5, 1, 20)),
                "from is inclusive, to exclusive");
        assertEquals(List.of(failedLate), ids(instances.list(editor, app, "Failed", minute3, minute5, 1, 20)));
        assertEquals(
                List.of(completed, failedLate, waiting), ids(instances.list(editor, app, null, minute3, null, 1, 20)));
        assertEquals(List.of(failedEarly, running), ids(instances.list(editor, app, null, null, minute3, 1, 20)));

        assertEquals(
                List.of(otherAppsRun, completed, failedLate, waiting, failedEarly, running),
                ids(instances.list(editor, null, null, null, null, 1, 20)),
                "without an app, the team's runs");
        assertEquals(
                List.of(otherAppsRun, failedLate, failedEarly),
                ids(instances.list(editor, null, "Failed", null, null, 1, 20)));
    }

    @Test
    void anUnknownStateIsAValidationError() {
        newTeam();
        WorkflowException e =
                assertThrows(WorkflowException.class, () -> instances.list(editor, null, "Done", null, null, 1, 20));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertThrows(
                WorkflowException.class,
                () -> instances.list(editor, null, "failed", null, null, 1, 20),
                "states are matched exactly, as the API names them");
    }

    @Test
    void anotherTeamsRunsAreNeitherListedNorFound() {
        newTeam();
        String ours = run(Postgres.app(team, "full"), 1, "Completed");
        long ourTeam = team;
        Caller us = editor;
        newTeam();
        String theirApp = Postgres.app(team, "full");
        String theirs = run(theirApp, 2, "Completed");

        assertEquals(List.of(ours), ids(instances.list(us, null, null, null, null, 1, 20)));
        assertEquals(
                List.of(),
                ids(instances.list(us, theirApp, null, null, null, 1, 20)),
                "naming their app does not open their list");
        assertEquals(0, instances.list(us, theirApp, null, null, null, 1, 20).total());
        notFound(() -> instances.get(us, theirs));
        notFound(() -> instances.stateOf(us, theirs));
        notFound(() -> instances.get(us, UUID.randomUUID().toString()));
        notFound(() -> instances.stateOf(new Caller(8L, "viewer", ourTeam, Role.viewer), theirs));

        Caller admin = new Caller(1L, "root", ourTeam, Role.admin);
        assertEquals(theirs, instances.get(admin, theirs).id(), "an admin reads any team's run");
        assertEquals(RunState.COMPLETED, instances.stateOf(admin, theirs));
    }

    @Test
    void aSummaryShowsWhatTheRunRecorded() {
        newTeam();
        String app = Postgres.app(team, "full");
        String id = run(app, 1, "Running");
        Postgres.update(
                "update workflow_instance set state = 'Completed', end_time = ?, duration_ms = 1500,"
                        + " prompt_tokens = 12, completion_tokens = 3, total_tokens = 15 where id = ?",
                Timestamp.from(T0.plusSeconds(61).plusMillis(500)),
                id);

        Summary s = instances.list(editor, app, null, null, null, 1, 20).items().get(0);

        assertEquals(id, s.id());
        assertEquals(app, s.appId());
        assertEquals(1, s.version());
        assertEquals("Completed", s.state());
        assertEquals(T0.plusSeconds(60), s.startTime().toInstant());
        assertEquals(T0.plusSeconds(61).plusMillis(500), s.endTime().toInstant());
        assertEquals(1500L, s.duration());
        assertEquals(new InstanceViews.Tokens(12, 3, 15, 0, 0), s.tokens());

        String open = run(app, 2, "Running");
        Summary running = instances
                .list(editor, app, "Running", null, null, 1, 20)
                .items()
                .get(0);
        assertEquals(open, running.id());
        assertNull(running.endTime());
        assertNull(running.duration(), "no duration before the run ends");
    }

    @Test
    void aRunOpenedIsReadBackWithWhoStartedItAndItsParameters() {
        newTeam();
        String app = Postgres.app(team, "full");
        String id = UUID.randomUUID().toString();
        Caller key = new Caller(null, "key:ci", team, Role.editor);
        instances.open(id, app, team, "design-9", 4, J.obj("{'q':'hello','n':[1,2]}"), key, "server-x", T0);

        InstanceViews.Instance run = instances.get(editor, id);
        assertEquals("Running", run.state());
        assertEquals("key:ci", run.startedBy());
        assertEquals(J.obj("{'q':'hello','n':[1,2]}"), run.parameters());
        assertEquals("design-9", run.workflowDesignId());
        assertEquals(4, run.version());
        assertEquals(team, run.teamId());
        assertEquals(T0, run.startTime().toInstant());
        assertEquals(List.of(), run.nodeExecutions());
        assertEquals(0L, instances.recordedRun(id).userId(), "an API key has no user id");
        assertEquals(7L, instances.recordedRun(run(app, 1, "Waiting")).userId());
        notFound(() -> instances.recordedRun(UUID.randomUUID().toString()));
    }

    // ---- servers sharing waiting runs

    private static void beat(String serverId, int secondsAgo) {
        Postgres.update(
                "insert into server_heartbeat (server_id, started_at, heartbeat_at)"
                        + " values (?, now(), now() - make_interval(secs => ?)) on conflict (server_id)"
                        + " do update set heartbeat_at = excluded.heartbeat_at",
                serverId,
                secondsAgo);
    }

    private String waitingOf(String serverId) {
        String id = run(Postgres.app(team, "full"), 1, "Waiting");
        Postgres.update("update workflow_instance set server_id = ? where id = ?", serverId, id);
        return id;
    }

    private static String serverOf(String id) {
        return Postgres.first("select server_id from workflow_instance where id = ?", id);
    }

    private static String server() {
        return "srv-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void waitingRunsOfGoneServersAreOfferedForAdoptionAndThoseOfLiveOnesAreNot() {
        newTeam();
        String me = server();
        String live = server();
        String stale = server();
        beat(me, 0);
        beat(live, 1);
        beat(stale, 60);
        String ofLive = waitingOf(live);
        String ofStale = waitingOf(stale);
        String ofNoOne = waitingOf(server()); // its server left (no heartbeat row)
        String mine = waitingOf(me);
        String leased = waitingOf(stale);
        assertTrue(instances.lease(leased, stale), "the stale server leased it just before it went quiet");
        String runningOfStale = run(Postgres.app(team, "full"), 1, "Running");
        Postgres.update("update workflow_instance set server_id = ? where id = ?", stale, runningOfStale);

        Set<String> offered = new HashSet<>();
        instances.orphanedWaiting(me).forEach(w -> offered.add(w.id()));
        Set<String> ours = Set.of(ofLive, ofStale, ofNoOne, mine, leased, runningOfStale);
        offered.retainAll(ours);

        assertEquals(Set.of(ofStale, ofNoOne, mine), offered);
        InstanceStore.WaitingRun w = instances.orphanedWaiting(me).stream()
                .filter(r -> r.id().equals(ofStale))
                .findFirst()
                .orElseThrow();
        assertEquals(new InstanceStore.WaitingRun(ofStale, team, 7L), w);
    }

    @Test
    void aWaitingRunMovesOnlyFromAGoneServer() {
        newTeam();
        String me = server();
        String live = server();
        String stale = server();
        beat(me, 0);
        beat(live, 0);
        beat(stale, 60);
        String ofLive = waitingOf(live);
        String ofStale = waitingOf(stale);
        String mine = waitingOf(me);
        String finished = waitingOf(stale);
        Postgres.update("update workflow_instance set state = 'Completed' where id = ?", finished);

        assertFalse(instances.claimWaiting(ofLive, me));
        assertEquals(live, serverOf(ofLive));
        assertTrue(instances.claimWaiting(ofStale, me));
        assertEquals(me, serverOf(ofStale));
        assertTrue(instances.claimWaiting(mine, me), "a run already this server's is confirmed");
        assertFalse(instances.claimWaiting(finished, me), "only a waiting run is taken over");
        assertEquals(stale, serverOf(finished));
        assertFalse(instances.claimWaiting(ofStale, server()), "once claimed by a beating server, it stays");
    }

    @Test
    void aRunIsLeasedOnlyByTheServerItIsRecordedWithAndOnlyWhileItIsActive() {
        newTeam();
        String me = server();
        String other = server();
        String running = waitingOf(me);
        Postgres.update("update workflow_instance set state = 'Running' where id = ?", running);
        String waiting = waitingOf(me);
        String othersRun = waitingOf(other);
        String ended = waitingOf(me);
        Postgres.update("update workflow_instance set state = 'Failed' where id = ?", ended);

        assertTrue(instances.lease(running, me));
        assertTrue(instances.lease(waiting, me));
        assertFalse(instances.lease(othersRun, me), "another server took it over");
        assertFalse(instances.lease(ended, me), "closed meanwhile (e.g. INTERRUPTED)");
        assertNotNull(Postgres.first(
                "select lease_until from workflow_instance where id = ? and lease_until"
                        + " between now() + interval '20 seconds' and now() + interval '40 seconds'",
                running));
        assertNull(Postgres.first("select lease_until from workflow_instance where id = ?", othersRun));
        // the lease keeps a waiting run with this server while its heartbeat is late
        assertFalse(instances.claimWaiting(waiting, other));
    }

    @Test
    void aWaitingRunThatCannotGoOnIsFailedWithAFinalEvent() {
        newTeam();
        String app = Postgres.app(team, "full");
        String waiting = run(app, 1, "Waiting");
        Postgres.update(
                "insert into instance_event (instance_id, seq, payload) values (?, 7, '{\"type\":\"workflow_waiting\"}')",
                waiting);
        String running = run(app, 2, "Running");

        instances.failWaiting(waiting, "RESUME_FAILED", "the app was deleted");
        instances.failWaiting(running, "RESUME_FAILED", "the app was deleted");

        InstanceViews.Instance failed = instances.get(editor, waiting);
        assertEquals("Failed", failed.state());
        assertEquals(new InstanceViews.RunError("RESUME_FAILED", "the app was deleted"), failed.error());
        assertNotNull(failed.endTime());
        assertNotNull(failed.duration());
        List<StoredEvent> events = instances.eventsAfter(waiting, 0);
        assertEquals(2, events.size());
        StoredEvent last = events.get(1);
        assertTrue(last.seq() > 7, "after every event a client may have seen");
        assertEquals("workflow_error", last.payload().getString("type"));
        assertEquals(waiting, last.payload().getString("instanceId"));
        assertEquals(
                J.obj("{'code':'RESUME_FAILED','message':'the app was deleted'}"),
                last.payload().getJsonObject("error"));
        Instant.parse(last.payload().getString("timestamp"));

        assertEquals(RunState.RUNNING, instances.stateOf(editor, running), "only a waiting run is closed");
        assertEquals(List.of(), instances.eventsAfter(running, 0));
    }

    // ---- what a resumed run is rebuilt from

    private static void nodeRow(
            String id,
            long seq,
            String scope,
            String key,
            String invokeId,
            String state,
            String output,
            String errorCode) {
        Postgres.update(
                "insert into node_execution (instance_id, seq, node_key, invoke_id, node_type, state, output,"
                        + " error_code, error_message, branch, scope) values (?, ?, ?, ?, 'Wiki', ?, ?, ?, ?, ?, ?)",
                id,
                seq,
                key,
                invokeId,
                state,
                output,
                errorCode,
                errorCode == null ? null : "because " + errorCode,
                key.equals("cond") ? "yes" : null,
                scope);
    }

    @Test
    void theEndedNodeRunsOfARunAreGivenInTheOrderTheyEndedWithoutThoseStoppedWithTheirScope() {
        newTeam();
        String id = run(Postgres.app(team, "full"), 1, "Waiting");
        nodeRow(id, 3, "", "start", "start", "Completed", "{\"x\":1}", null);
        nodeRow(id, 12, "loop#1[1]/", "prep", "loop.prep", "Completed", "{\"echo\":\"a\"}", null);
        nodeRow(id, 9, "", "cond", "cond", "Completed", "{}", null);
        nodeRow(id, 14, "", "skipped", "skipped", "Skipped", null, null);
        nodeRow(id, 15, "loop#1[2]/", "prep", "loop.prep", "Failed", null, "UPSTREAM_DOWN");
        nodeRow(id, 16, "loop#1[3]/", "prep", "loop.prep", "Failed", null, "ABORTED");
        nodeRow(id, 17, "", "other", "other", "Failed", null, "CANCELED");
        // recorded before scopes were (V7): a loop body's row looks top-level but its invoke id gives it away
        nodeRow(id, 18, "", "prep", "loop.prep", "Completed", "{\"echo\":\"legacy\"}", null);

        List<InstanceStore.EndedNodeRun> ended = instances.endedNodeRuns(id);

        assertEquals(
                List.of("|start", "|cond", "loop#1[1]/|prep", "loop#1[2]/|prep"),
                ended.stream().map(n -> n.scope() + "|" + n.nodeKey()).toList());
        assertEquals(
                new InstanceStore.EndedNodeRun("", "start", true, J.obj("{'x':1}"), null, null),
                ended.get(0).outcome());
        assertEquals("yes", ended.get(1).branch());
        assertEquals(
                new InstanceStore.EndedNodeRun(
                        "loop#1[2]/",
                        "prep",
                        false,
                        null,
                        null,
                        new InstanceViews.RunError("UPSTREAM_DOWN", "because UPSTREAM_DOWN")),
                ended.get(3).outcome());
    }

    @Test
    void eventsAreReplayedInSequenceAfterTheOneAClientLastSaw() {
        newTeam();
        String id = run(Postgres.app(team, "full"), 1, "Running");
        for (long seq : new long[] {5, 2, 1003, 3}) {
            Postgres.update(
                    "insert into instance_event (instance_id, seq, payload) values (?, ?, ?)",
                    id,
                    seq,
                    Jsons.object()
                            .add("type", "node_start")
                            .add("n", seq)
                            .build()
                            .toString());
        }

        assertEquals(
                List.of(2L, 3L, 5L, 1003L),
                instances.eventsAfter(id, 0).stream().map(StoredEvent::seq).toList());
        assertEquals(
                List.of(5L, 1003L),
                instances.eventsAfter(id, 3).stream().map(StoredEvent::seq).toList());
        assertEquals(
                List.of(1003L),
                instances.eventsAfter(id, 5).stream().map(StoredEvent::seq).toList(),
                "across the gap a resumed run leaves");
        assertEquals(3, instances.eventsAfter(id, 2).get(0).payload().getInt("n"));
        assertEquals(List.of(), instances.eventsAfter(UUID.randomUUID().toString(), 0));
    }
}
