package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.schedule.ScheduleSpec.RepeatedTime;
import io.aiworkflow.engine.schedule.ScheduleSpec.SkippedTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When schedules fire, on ordinary days and on the days the clocks change in Europe/Berlin
 * (2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00) and America/New_York (2026-03-08,
 * 2026-11-01): a local time that does not exist fires when the gap ends or not at all, one that
 * occurs twice fires once (first or last) or twice, as the schedule says.
 */
class ScheduleTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static ScheduleSpec cron(String cron, ZoneId zone, RepeatedTime repeated, SkippedTime skipped) {
        return new ScheduleSpec(cron, null, null, zone, null, null, null, repeated, skipped);
    }

    private static List<String> utc(ScheduleSpec spec, String after, int count) {
        return ScheduleTimes.next(spec, Instant.parse(after), count, 0).stream()
                .map(t -> t.instant().toString() + (t.clockChange() == null ? "" : " " + t.clockChange()))
                .toList();
    }

    @Test
    void aWeekdayCronFiresAtNineLocalTimeAcrossTheSpringChange() {
        ScheduleSpec spec = cron("0 9 * * MON-FRI", BERLIN, null, null);
        assertEquals(
                List.of("2026-03-27T08:00:00Z", "2026-03-30T07:00:00Z", "2026-03-31T07:00:00Z"),
                utc(spec, "2026-03-26T09:00:00Z", 3),
                "09:00 CET then 09:00 CEST; no weekend");
    }

    @Test
    void aTimeInTheSpringGapShiftsToItsEndOrIsSkipped() {
        assertEquals(
                List.of("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z SHIFTED", "2026-03-30T00:30:00Z"),
                utc(cron("30 2 * * *", BERLIN, null, SkippedTime.SHIFT), "2026-03-28T00:00:00Z", 3),
                "02:30 does not exist on the 29th: it fires at 03:00 CEST");
        assertEquals(
                List.of("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"),
                utc(cron("30 2 * * *", BERLIN, null, SkippedTime.SKIP), "2026-03-28T00:00:00Z", 2));
        assertEquals(
                List.of("2026-03-08T07:00:00Z SHIFTED", "2026-03-09T06:30:00Z"),
                utc(cron("30 2 * * *", NEW_YORK, null, null), "2026-03-08T00:00:00Z", 2),
                "the default is SHIFT");
    }

    @Test
    void aTimeThatOccursTwiceInTheFallFiresOnceOrTwiceAsAsked() {
        String after = "2026-10-24T12:00:00Z";
        assertEquals(
                List.of("2026-10-25T00:30:00Z REPEATED", "2026-10-26T01:30:00Z"),
                utc(cron("30 2 * * *", BERLIN, null, null), after, 2),
                "FIRST by default: 02:30 CEST");
        assertEquals(
                List.of("2026-10-25T01:30:00Z REPEATED", "2026-10-26T01:30:00Z"),
                utc(cron("30 2 * * *", BERLIN, RepeatedTime.LAST, null), after, 2));
        assertEquals(
                List.of("2026-10-25T00:30:00Z REPEATED", "2026-10-25T01:30:00Z REPEATED", "2026-10-26T01:30:00Z"),
                utc(cron("30 2 * * *", BERLIN, RepeatedTime.BOTH, null), after, 3));
        assertEquals(
                List.of("2026-11-01T05:30:00Z REPEATED", "2026-11-01T06:30:00Z REPEATED"),
                utc(cron("30 1 * * *", NEW_YORK, RepeatedTime.BOTH, null), "2026-11-01T00:00:00Z", 2));
    }

    @Test
    void theSecondPassOfARepeatedHourIsNotLostNorFiredTwice() {
        // asked between the two 02:30s: LAST still has its firing ahead, FIRST has none left that day
        String between = "2026-10-25T01:00:00Z";
        assertEquals(
                List.of("2026-10-25T01:30:00Z REPEATED"),
                utc(cron("30 2 * * *", BERLIN, RepeatedTime.LAST, null), between, 1));
        assertEquals(
                List.of("2026-10-26T01:30:00Z"), utc(cron("30 2 * * *", BERLIN, RepeatedTime.FIRST, null), between, 1));
    }

    @Test
    void sixFieldsHaveSecondsFirstAndShorthandsWork() {
        assertEquals(
                List.of("2026-06-01T10:00:15Z", "2026-06-01T10:00:45Z"),
                utc(cron("15,45 * * * * *", ZoneId.of("UTC"), null, null), "2026-06-01T10:00:00Z", 2));
        assertEquals(
                List.of("2026-06-01T22:00:00Z"),
                utc(cron("@daily", BERLIN, null, null), "2026-06-01T10:00:00Z", 1),
                "midnight in Berlin is 22:00 UTC in summer");
    }

    @Test
    void intervalsAreAbsoluteTimeWithAnOffsetAndLimits() {
        ScheduleSpec every15 = new ScheduleSpec(
                null,
                Duration.ofMinutes(15),
                Duration.ofMinutes(2),
                BERLIN,
                null,
                Instant.parse("2026-03-29T01:20:00Z"),
                5,
                null,
                null);
        assertEquals(
                List.of("2026-03-29T00:47:00Z", "2026-03-29T01:02:00Z", "2026-03-29T01:17:00Z"),
                utc(every15, "2026-03-29T00:40:00Z", 10),
                "every 15 minutes at :02, :17, …, through the clock change, until endAt");
        assertEquals(
                2,
                ScheduleTimes.next(every15, Instant.parse("2026-03-29T00:40:00Z"), 10, 3)
                        .size(),
                "maxRuns 5 with 3 fired: 2 left");
    }

    @Test
    void badInputNamesTheFieldAndWhy() {
        WorkflowException fields = assertThrows(WorkflowException.class, () -> ScheduleTimes.parse("0 9 * *"));
        assertEquals("cron", fields.details().get("field"));
        assertTrue(fields.getMessage().contains("4 fields"), fields.getMessage());
        WorkflowException value = assertThrows(WorkflowException.class, () -> ScheduleTimes.parse("61 9 * * *"));
        assertTrue(value.getMessage().contains("not valid"), value.getMessage());
        assertThrows(WorkflowException.class, () -> ScheduleTimes.parse("@fortnightly"));
        WorkflowException zone = assertThrows(WorkflowException.class, () -> ScheduleSpec.zone("Mars/Olympus"));
        assertEquals("timeZone", zone.details().get("field"));
        assertThrows(
                WorkflowException.class,
                () -> new ScheduleSpec(
                        null, Duration.ofMinutes(5), Duration.ofMinutes(5), BERLIN, null, null, null, null, null));
    }
}
