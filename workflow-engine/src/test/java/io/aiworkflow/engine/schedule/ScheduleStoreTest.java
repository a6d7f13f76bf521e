package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.NewInstance;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.schedule.ScheduleStore.Claimed;
import io.aiworkflow.engine.schedule.ScheduleStore.FiringKey;
import io.aiworkflow.engine.schedule.ScheduleStore.StartResult;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule tick on a real PostgreSQL with a clock the test moves (nothing sleeps): each due time
 * gets exactly one record, clock changes, outages and overlapping runs are handled as the schedule
 * says, and two servers ticking at once never fire a time twice. Starting a run is played by
 * opening its instance row, as the run service does first.
 */
class ScheduleStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    private static ScheduleStore store;
    private static InstanceStore instances;

    private long team;
    private String app;
    private Caller owner;

    @BeforeAll
    static void database() {
        store = new ScheduleStore(Postgres.migrated());
        instances = new InstanceStore(Postgres.migrated());
    }

    /** The tick claims every due schedule in the database: only this test's may be there. */
    @BeforeEach
    void noOtherSchedules() {
        Postgres.update("delete from schedule");
    }

    @BeforeEach
    void newTeam() {
        team = Postgres.team();
        app = Postgres.app(team, "none");
        owner = new Caller(7L, "ada", team, Role.editor);
    }

    private String schedule(String json, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        store.insert(id, team, app, ScheduleDefinition.fromJson(J.obj(json)), createdAt, owner);
        return id;
    }

    /** One server's tick at {@code now}: claims, then starts each firing by opening its run. */
    private Claimed tick(Instant now) {
        Claimed claimed = store.claimDue(now, "server-a", 200);
        for (FiringKey key : claimed.starts()) {
            assertTrue(store.start(key, f -> openRun(f, now)));
        }
        return claimed;
    }

    /** Starts a firing's run as the run service does first: its instance row, under the chosen id. */
    private StartResult openRun(ScheduleStore.StartingFiring f, Instant now) {
        instances.open(new NewInstance(
                f.instanceId(),
                app,
                team,
                "design-1",
                1,
                Jsons.EMPTY_OBJECT,
                owner,
                "server-a",
                now,
                RunOrigin.API,
                null,
                RunLineage.NONE.scheduled(f.schedule().id(), f.scheduledTime())));
        return StartResult.run(f.instanceId());
    }

    /** scheduled time (UTC) → state, oldest first. */
    private static Map<String, String> firings(String scheduleId) {
        Map<String, String> map = new LinkedHashMap<>();
        for (List<String> row : Postgres.rows(
                "select to_char(scheduled_time at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), state"
                        + " from schedule_firing where schedule_id = ? order by scheduled_time",
                scheduleId)) {
            map.put(row.get(0), row.get(1));
        }
        return map;
    }

    private static void endRuns(String scheduleId, String state) {
        Postgres.update(
                "update workflow_instance set state = ? where schedule_id = ? and state = 'Running'",
                state,
                scheduleId);
    }

    @Test
    void anIntervalFiresEachTimeOnceAndItsRunRecordsTheScheduledTime() {
        String id = schedule("{'interval':'PT15M','timeZone':'Europe/Berlin'}", T0);
        assertEquals(T0.plusSeconds(900), store.find(id).orElseThrow().nextFireAt());
        assertEquals(0, tick(T0.plusSeconds(899)).starts().size(), "not due yet");

        assertEquals(1, tick(T0.plusSeconds(901)).starts().size());
        assertEquals(0, tick(T0.plusSeconds(902)).starts().size(), "a time is handled once");
        assertEquals(Map.of("2026-06-01T08:15:00Z", "FIRED"), firings(id));
        assertEquals(
                List.of(List.of(id, "2026-06-01 08:15:00+00")),
                Postgres.rows(
                        "select schedule_id, to_char(scheduled_time at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                                + " || '+00' from workflow_instance where schedule_id = ?",
                        id));
        endRuns(id, "Completed");
        tick(T0.plusSeconds(1800));
        assertEquals(List.of("FIRED", "FIRED"), List.copyOf(firings(id).values()));
        assertEquals(T0.plusSeconds(2700), store.find(id).orElseThrow().nextFireAt());
    }

    @ParameterizedTest(name = "{0} {1} {3} {4}")
    @CsvSource({
        // spring forward: 02:30 does not exist
        "Europe/Berlin,     2026-03-29, 30 2 * * *, SHIFT, FIRST, 2026-03-29T01:00:00Z",
        "Europe/Berlin,     2026-03-29, 30 2 * * *, SKIP,  FIRST, ''",
        "America/New_York,  2026-03-08, 30 2 * * *, SHIFT, FIRST, 2026-03-08T07:00:00Z",
        "America/New_York,  2026-03-08, 30 2 * * *, SKIP,  FIRST, ''",
        // fall back: 02:30 (Berlin) and 01:30 (New York) occur twice
        "Europe/Berlin,     2026-10-25, 30 2 * * *, SHIFT, FIRST, 2026-10-25T00:30:00Z",
        "Europe/Berlin,     2026-10-25, 30 2 * * *, SHIFT, LAST,  2026-10-25T01:30:00Z",
        "Europe/Berlin,     2026-10-25, 30 2 * * *, SHIFT, BOTH,  2026-10-25T00:30:00Z 2026-10-25T01:30:00Z",
        "America/New_York,  2026-11-01, 30 1 * * *, SHIFT, FIRST, 2026-11-01T05:30:00Z",
        "America/New_York,  2026-11-01, 30 1 * * *, SHIFT, LAST,  2026-11-01T06:30:00Z",
        "America/New_York,  2026-11-01, 30 1 * * *, SHIFT, BOTH,  2026-11-01T05:30:00Z 2026-11-01T06:30:00Z",
    })
    void aClockChangeDayFiresAsThePolicySays(
            String zone, String day, String cron, String skipped, String repeated, String expected) {
        Instant dayBefore = Instant.parse(day + "T00:00:00Z").minusSeconds(12 * 3600);
        String id = schedule(
                "{'cron':'" + cron + "','timeZone':'" + zone + "','onSkippedTime':'" + skipped + "','onRepeatedTime':'"
                        + repeated + "','misfire':{'graceSeconds':3600}}",
                dayBefore);
        // a tick every hour through the day (within the grace), each run ending before the next tick
        for (Instant now = dayBefore; now.isBefore(dayBefore.plusSeconds(30 * 3600)); now = now.plusSeconds(3600)) {
            tick(now);
            endRuns(id, "Completed");
        }
        List<String> fired = firings(id).entrySet().stream()
                .filter(e -> e.getKey().startsWith(day))
                .peek(e -> assertEquals("FIRED", e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), fired);
    }

    @ParameterizedTest(name = "misfire {0}")
    @CsvSource({
        "COALESCE, 'COALESCED COALESCED STARTING', 'SCHEDULED SCHEDULED CATCH_UP'",
        "SKIP,     'MISSED MISSED MISSED',         'SCHEDULED SCHEDULED SCHEDULED'",
        "RUN_ALL,  'STARTING BUFFERED BUFFERED',   'CATCH_UP CATCH_UP CATCH_UP'",
    })
    void aThreeHourOutageIsHandledAsTheMisfirePolicySays(String policy, String states, String kinds) {
        String id = schedule(
                "{'cron':'0 * * * *','timeZone':'UTC','misfire':{'policy':'" + policy + "','graceSeconds':60}}",
                T0.minusSeconds(1));
        tick(T0);
        endRuns(id, "Completed");
        // down from 08:00:30 to 11:10: 09:00, 10:00 and 11:00 passed
        Claimed claimed = store.claimDue(T0.plusSeconds(3 * 3600 + 600), "server-a", 200);
        Map<String, String> after = firings(id);
        after.remove("2026-06-01T08:00:00Z");
        assertEquals(List.of(states.split(" ")), List.copyOf(after.values()));
        assertEquals(policy.equals("SKIP") ? 0 : 1, claimed.starts().size());
        assertEquals(
                kinds,
                Postgres.first(
                        "select string_agg(kind, ' ' order by scheduled_time) from schedule_firing"
                                + " where schedule_id = ? and scheduled_time > ?",
                        id,
                        java.sql.Timestamp.from(T0)),
                "a run started late for a missed time is marked as a catch-up");
    }

    @Test
    void missedTimesOlderThanTheCatchupWindowAreOnlyRecorded() {
        String id = schedule(
                "{'interval':'PT1H','timeZone':'UTC','misfire':{'catchupWindow':'PT2H','policy':'RUN_ALL'}}",
                T0.minusSeconds(1));
        store.claimDue(T0.plusSeconds(5 * 3600 + 300), "server-a", 200);
        Map<String, String> f = firings(id);
        assertEquals(6, f.size(), "08:00 to 13:00, each recorded");
        assertEquals(List.of("MISSED", "MISSED", "MISSED", "MISSED", "STARTING", "BUFFERED"), List.copyOf(f.values()));
    }

    @Test
    void bufferedTimesRunOneAfterAnotherWhenTheActiveRunEnds() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC','overlap':'BUFFER_ALL'}", T0);
        tick(T0.plusSeconds(60));
        tick(T0.plusSeconds(120));
        tick(T0.plusSeconds(180));
        assertEquals(
                List.of("FIRED", "BUFFERED", "BUFFERED"),
                List.copyOf(firings(id).values()));
        tick(T0.plusSeconds(181));
        assertEquals(
                List.of("FIRED", "BUFFERED", "BUFFERED"),
                List.copyOf(firings(id).values()),
                "still active");
        endRuns(id, "Completed");
        assertEquals(1, tick(T0.plusSeconds(182)).starts().size(), "the oldest buffered time");
        assertEquals(
                List.of("FIRED", "FIRED", "BUFFERED"), List.copyOf(firings(id).values()));
        endRuns(id, "Failed");
        tick(T0.plusSeconds(183));
        assertEquals(List.of("FIRED", "FIRED", "FIRED"), List.copyOf(firings(id).values()));
        assertEquals(0, store.find(id).orElseThrow().buffered());
    }

    @ParameterizedTest(name = "overlap {0}")
    @CsvSource({
        "SKIP,         'FIRED SKIPPED_OVERLAP SKIPPED_OVERLAP', 0",
        "BUFFER_ONE,   'FIRED BUFFERED SKIPPED_OVERLAP',        0",
        "BUFFER_ALL,   'FIRED BUFFERED BUFFERED',               0",
        "CANCEL_OTHER, 'FIRED FIRED FIRED',                     2",
        "ALLOW_ALL,    'FIRED FIRED SKIPPED_OVERLAP',           0",
    })
    void aTimeThatComesWhileARunIsActiveFollowsTheOverlapPolicy(String overlap, String states, int cancels) {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC','overlap':'" + overlap + "','maxConcurrent':2}", T0);
        int canceled = 0;
        for (int i = 1; i <= 3; i++) {
            List<ScheduleStore.Cancel> toCancel = tick(T0.plusSeconds(60L * i)).cancels();
            toCancel.forEach(c ->
                    Postgres.update("update workflow_instance set state = 'Canceled' where id = ?", c.instanceId()));
            canceled += toCancel.size();
        }
        assertEquals(List.of(states.split(" ")), List.copyOf(firings(id).values()));
        assertEquals(cancels, canceled, "CANCEL_OTHER cancels the run still active at each new time");
    }

    @Test
    void twoServersTickingAtOnceFireEachTimeOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(schedule("{'interval':'PT1S','timeZone':'UTC','overlap':'ALLOW_ALL','maxConcurrent':100}", T0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int second = 1; second <= 5; second++) {
                Instant now = T0.plusSeconds(second);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> started = new ArrayList<>();
                for (String server : List.of("server-a", "server-b")) {
                    Callable<Integer> tick = () -> {
                        together.await();
                        return store.claimDue(now, server, 7).starts().size()
                                + store.claimDue(now, server, 200).starts().size();
                    };
                    started.add(pool.submit(tick));
                }
                assertEquals(50, started.get(0).get() + started.get(1).get(), "second " + second);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                "250",
                Postgres.first(
                        "select count(distinct (schedule_id, scheduled_time)) from schedule_firing"
                                + " where schedule_id = any(?)",
                        (Object) ids.toArray(String[]::new)));
        assertEquals("250", Postgres.first("select count(*) from schedule_firing where schedule_id = any(?)", (Object)
                ids.toArray(String[]::new)));
    }

    @Test
    void aFiringWhoseServerStoppedBeforeStartingItIsFinishedElsewhereOnce() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC'}", T0);
        Claimed claimed = store.claimDue(T0.plusSeconds(60), "server-gone", 200);
        FiringKey key = claimed.starts().get(0);
        // server-gone never started it; its row is not locked, and it is old enough
        Postgres.update(
                "update schedule_firing set recorded_at = now() - interval '1 minute' where schedule_id = ?", id);
        assertEquals(
                List.of(key),
                store.abandoned(100).stream()
                        .filter(k -> k.scheduleId().equals(id))
                        .toList());
        List<String> startedRuns = new ArrayList<>();
        assertTrue(store.start(key, f -> {
            assertFalse(f.runExists());
            startedRuns.add(f.instanceId());
            return StartResult.run(f.instanceId());
        }));
        assertFalse(store.start(key, f -> StartResult.run("twice")), "a FIRED firing is not started again");
        assertEquals(Map.of("2026-06-01T08:01:00Z", "FIRED"), firings(id));
        assertEquals(1, startedRuns.size());
    }

    @Test
    void aFiringThatCannotStartIsRecordedWithWhyAndThreeSkipsWarn() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC'}", T0);
        for (int i = 1; i <= 3; i++) {
            for (FiringKey key :
                    store.claimDue(T0.plusSeconds(60L * i), "server-a", 200).starts()) {
                store.start(key, f -> StartResult.failed("APP_DISABLED: app is disabled"));
            }
        }
        assertEquals(
                List.of("FAILED_TO_START", "FAILED_TO_START", "FAILED_TO_START"),
                List.copyOf(firings(id).values()));
        assertEquals(
                "APP_DISABLED: app is disabled",
                Postgres.first("select distinct reason from schedule_firing where schedule_id = ?", id));
        String warning = ScheduleService.view(store.find(id).orElseThrow()).warning();
        assertNotNull(warning);
        assertTrue(warning.contains("FAILED_TO_START"), warning);
    }

    @Test
    void pauseStopsFiringAndResumeFiresOnlyFutureTimes() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC'}", T0);
        tick(T0.plusSeconds(60));
        endRuns(id, "Completed");
        assertTrue(store.pause(id, T0.plusSeconds(90), null));
        assertEquals(0, tick(T0.plusSeconds(600)).starts().size());
        assertNull(store.find(id).orElseThrow().nextFireAt());
        assertTrue(store.resume(id, T0.plusSeconds(610)));
        assertEquals(T0.plusSeconds(660), store.find(id).orElseThrow().nextFireAt());
        tick(T0.plusSeconds(661));
        assertEquals(
                List.of("2026-06-01T08:01:00Z", "2026-06-01T08:11:00Z"),
                List.copyOf(firings(id).keySet()));
    }

    @Test
    void runNowFollowsTheOverlapPolicy() {
        String id = schedule("{'interval':'PT1H','timeZone':'UTC'}", T0);
        ScheduleStore.RunNow first =
                store.runNow(id, T0.plusSeconds(5), "server-a").orElseThrow();
        assertEquals(FiringState.STARTING, first.state());
        store.start(first.key(), f -> openRun(f, T0));
        ScheduleStore.RunNow second =
                store.runNow(id, T0.plusSeconds(6), "server-a").orElseThrow();
        assertEquals(FiringState.SKIPPED_OVERLAP, second.state(), "the first run is still active");
        assertEquals(
                "RUN_NOW RUN_NOW",
                Postgres.first("select string_agg(kind, ' ') from schedule_firing where schedule_id = ?", id));
    }

    @Test
    void pauseAfterFailuresPausesTheScheduleWithTheReason() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC','pauseAfterFailures':2}", T0);
        tick(T0.plusSeconds(60));
        endRuns(id, "Failed");
        tick(T0.plusSeconds(120));
        endRuns(id, "Failed");
        tick(T0.plusSeconds(180));
        ScheduleStore.Stored s = store.find(id).orElseThrow();
        assertFalse(s.definition().enabled());
        assertTrue(s.pausedReason().contains("2 failed runs in a row"), s.pausedReason());
        assertEquals(2, firings(id).size(), "the time after the failures did not fire");
    }

    @Test
    void aDeletedAppsScheduleStopsSayingWhy() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC'}", T0);
        Postgres.update("update app set deleted = true where id = ?", app);
        assertEquals(0, tick(T0.plusSeconds(60)).starts().size());
        ScheduleStore.Stored s = store.find(id).orElseThrow();
        assertFalse(s.definition().enabled());
        assertEquals("paused: the app was deleted", s.pausedReason());
    }

    @Test
    void maxRunsAndEndAtEndTheSchedule() {
        String id = schedule("{'interval':'PT1M','timeZone':'UTC','maxRuns':2}", T0);
        tick(T0.plusSeconds(60));
        endRuns(id, "Completed");
        tick(T0.plusSeconds(120));
        assertNull(store.find(id).orElseThrow().nextFireAt(), "no time left after two runs");
        assertEquals(2, firings(id).size());
    }
}
