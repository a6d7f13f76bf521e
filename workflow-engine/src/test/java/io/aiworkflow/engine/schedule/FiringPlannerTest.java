package io.aiworkflow.engine.schedule;

import io.aiworkflow.engine.schedule.FiringPlanner.Outcome;
import io.aiworkflow.engine.schedule.FiringPlanner.Plan;
import io.aiworkflow.engine.schedule.FiringPolicy.Misfire;
import io.aiworkflow.engine.schedule.FiringPolicy.Overlap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens to each due time of an hourly schedule: on time, after a 3-hour outage under each
 * misfire policy, beyond the catch-up window, and while the previous run is active under each
 * overlap policy. Every due time gets exactly one record.
 */
class FiringPlannerTest {

    private static final ScheduleSpec HOURLY =
            new ScheduleSpec("0 * * * *", null, null, ZoneId.of("UTC"), null, null, null, null, null);
    private static final Instant NINE = Instant.parse("2026-06-01T09:00:00Z");

    private static FiringPolicy policy(Misfire misfire, int maxCatchup, Overlap overlap, int maxConcurrent) {
        return new FiringPolicy(60, misfire, maxCatchup, Duration.ofHours(24), overlap, maxConcurrent);
    }

    private static List<String> outcomes(Plan plan) {
        return plan.firings().stream()
                .map(f -> f.scheduledTime().toString().substring(11, 16) + " " + f.outcome() + (f.catchUp() ? "*" : ""))
                .toList();
    }

    @Test
    void aTimeWithinTheGraceRunsAsOnTime() {
        Plan plan =
                FiringPlanner.plan(HOURLY, FiringPolicy.DEFAULTS, NINE, Instant.parse("2026-06-01T10:00:40Z"), 0, 0, 0);
        assertEquals(List.of("10:00 FIRE"), outcomes(plan));
        assertEquals(Instant.parse("2026-06-01T11:00:00Z"), plan.nextFireAt());
    }

    @Test
    void aThreeHourOutageUnderEachMisfirePolicy() {
        Instant back = Instant.parse("2026-06-01T12:40:00Z"); // 10:00, 11:00 and 12:00 were missed
        assertEquals(
                List.of("10:00 COALESCED", "11:00 COALESCED", "12:00 FIRE*"),
                outcomes(FiringPlanner.plan(HOURLY, FiringPolicy.DEFAULTS, NINE, back, 0, 0, 0)),
                "by default one catch-up run, for the latest");
        assertEquals(
                List.of("10:00 MISSED", "11:00 MISSED", "12:00 MISSED"),
                outcomes(FiringPlanner.plan(HOURLY, policy(Misfire.SKIP, 10, Overlap.SKIP, 3), NINE, back, 0, 0, 0)));
        assertEquals(
                List.of("10:00 MISSED", "11:00 FIRE*", "12:00 BUFFERED*"),
                outcomes(FiringPlanner.plan(HOURLY, policy(Misfire.RUN_ALL, 2, Overlap.SKIP, 3), NINE, back, 0, 0, 0)),
                "at most maxCatchup, the latest, one after another");
        assertEquals(
                List.of("10:00 FIRE*", "11:00 FIRE*", "12:00 FIRE*"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.RUN_ALL, 10, Overlap.ALLOW_ALL, 3), NINE, back, 0, 0, 0)));
        assertEquals(
                Instant.parse("2026-06-01T13:00:00Z"),
                FiringPlanner.plan(HOURLY, FiringPolicy.DEFAULTS, NINE, back, 0, 0, 0)
                        .nextFireAt(),
                "then on schedule again: no storm of missed runs");
    }

    @Test
    void timesOlderThanTheCatchupWindowAreOnlyRecorded() {
        Instant back = NINE.plus(Duration.ofHours(30)).plus(Duration.ofMinutes(10));
        Plan plan = FiringPlanner.plan(HOURLY, FiringPolicy.DEFAULTS, NINE, back, 0, 0, 0);
        assertEquals(30, plan.firings().size(), "every due time has its record");
        assertEquals(
                6,
                plan.firings().stream()
                        .filter(f -> f.outcome() == Outcome.MISSED)
                        .count());
        assertEquals(
                23,
                plan.firings().stream()
                        .filter(f -> f.outcome() == Outcome.COALESCED)
                        .count());
        assertEquals(List.of("15:00 FIRE*"), outcomes(plan).subList(29, 30));
    }

    @Test
    void aTimeThatComesWhileTheLastRunIsActiveFollowsTheOverlapPolicy() {
        Instant onTime = Instant.parse("2026-06-01T10:00:05Z");
        assertEquals(
                List.of("10:00 SKIPPED_OVERLAP"),
                outcomes(FiringPlanner.plan(HOURLY, FiringPolicy.DEFAULTS, NINE, onTime, 1, 0, 0)));
        assertEquals(
                List.of("10:00 BUFFERED"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.COALESCE, 10, Overlap.BUFFER_ONE, 3), NINE, onTime, 1, 0, 0)));
        assertEquals(
                List.of("10:00 SKIPPED_OVERLAP"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.COALESCE, 10, Overlap.BUFFER_ONE, 3), NINE, onTime, 1, 1, 0)),
                "one is already buffered");
        assertEquals(
                List.of("10:00 BUFFERED"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.COALESCE, 10, Overlap.BUFFER_ALL, 3), NINE, onTime, 1, 4, 0)));
        Plan cancel = FiringPlanner.plan(
                HOURLY, policy(Misfire.COALESCE, 10, Overlap.CANCEL_OTHER, 3), NINE, onTime, 1, 0, 0);
        assertEquals(List.of("10:00 FIRE"), outcomes(cancel));
        assertTrue(cancel.cancelActive());
        assertEquals(
                List.of("10:00 FIRE"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.COALESCE, 10, Overlap.ALLOW_ALL, 2), NINE, onTime, 1, 0, 0)));
        assertEquals(
                List.of("10:00 SKIPPED_OVERLAP"),
                outcomes(FiringPlanner.plan(
                        HOURLY, policy(Misfire.COALESCE, 10, Overlap.ALLOW_ALL, 2), NINE, onTime, 2, 0, 0)));
    }

    @Test
    void aScheduleEndsAfterMaxRuns() {
        ScheduleSpec twice = new ScheduleSpec("0 * * * *", null, null, ZoneId.of("UTC"), null, null, 2, null, null);
        Plan plan =
                FiringPlanner.plan(twice, FiringPolicy.DEFAULTS, NINE, Instant.parse("2026-06-01T10:00:10Z"), 0, 0, 1);
        assertEquals(List.of("10:00 FIRE"), outcomes(plan));
        assertNull(plan.nextFireAt(), "its second and last run");
    }
}
