package io.aiworkflow.engine.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.aiworkflow.domain.shared.WorkflowException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The times a schedule fires, computed, never stored ahead. A cron expression is matched against
 * local wall-clock time (read in UTC, which has no clock changes), and each local time is then
 * placed in the schedule's zone by its rules: a time in a gap (spring forward) fires when the gap
 * ends or not at all, a time that occurs twice (fall back) fires at the first, the last or both.
 * An interval is absolute time and ignores clock changes.
 */
public final class ScheduleTimes {

    private static final CronParser FIVE_FIELDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(sixFields());
    private static final Map<String, String> SHORTHANDS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    /** A cron that never matches within this many years is refused (e.g. 30 February). */
    private static final int SEARCH_YEARS = 5;

    private ScheduleTimes() {}

    /** The 6-field form: seconds first, then as the 5-field form. */
    private static CronDefinition sixFields() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds()
                .and()
                .withMinutes()
                .and()
                .withHours()
                .and()
                .withDayOfMonth()
                .supportsL()
                .supportsW()
                .supportsQuestionMark()
                .and()
                .withMonth()
                .and()
                .withDayOfWeek()
                .withValidRange(0, 7)
                .withMondayDoWValue(1)
                .withIntMapping(7, 0)
                .supportsHash()
                .supportsL()
                .supportsQuestionMark()
                .and()
                .instance();
    }

    /** Parses a cron expression; a bad one is a VALIDATION_ERROR on {@code cron} saying why. */
    public static Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw WorkflowException.validation("cron", "is empty");
        }
        String text = expression.trim();
        String shorthand = SHORTHANDS.get(text.toLowerCase(Locale.ROOT));
        if (shorthand != null) {
            text = shorthand;
        } else if (text.startsWith("@")) {
            throw WorkflowException.validation(
                    "cron", "'" + text + "' is not a shorthand; use one of " + SHORTHANDS.keySet());
        }
        int fields = text.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw WorkflowException.validation(
                    "cron", "has " + fields + " fields; give 5 (minute hour day month weekday) or 6 (seconds first)");
        }
        try {
            Cron cron = (fields == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(text);
            cron.validate();
            return cron;
        } catch (IllegalArgumentException e) {
            throw WorkflowException.validation("cron", "'" + expression + "' is not valid: " + e.getMessage());
        }
    }

    /**
     * Up to {@code count} times the schedule fires strictly after {@code after}, in order, within
     * its start, end and run limit ({@code runsSoFar} already fired).
     */
    public static List<ScheduledTime> next(ScheduleSpec spec, Instant after, int count, long runsSoFar) {
        int limit = spec.maxRuns() == null ? count : (int) Math.max(0, Math.min(count, spec.maxRuns() - runsSoFar));
        Instant from = spec.startAt() != null && spec.startAt().isAfter(after)
                ? spec.startAt().minusNanos(1)
                : after;
        List<ScheduledTime> times = new ArrayList<>();
        if (spec.interval() != null) {
            intervalTimes(spec, from, limit, times);
        } else {
            cronTimes(spec, from, limit, times);
        }
        if (spec.endAt() != null) {
            times.removeIf(t -> t.instant().isAfter(spec.endAt()));
        }
        return times;
    }

    private static void intervalTimes(ScheduleSpec spec, Instant after, int limit, List<ScheduledTime> times) {
        long period = spec.interval().toMillis();
        long anchor = (spec.startAt() == null ? 0 : spec.startAt().toEpochMilli())
                + (spec.intervalOffset() == null ? 0 : spec.intervalOffset().toMillis());
        long k = Math.floorDiv(after.toEpochMilli() - anchor, period) + 1;
        for (int i = 0; i < limit; i++, k++) {
            Instant t = Instant.ofEpochMilli(anchor + k * period);
            times.add(new ScheduledTime(t, t.atZone(spec.zone()), null));
        }
    }

    private static void cronTimes(ScheduleSpec spec, Instant after, int limit, List<ScheduledTime> times) {
        ExecutionTime execution = ExecutionTime.forCron(parse(spec.cron()));
        ZoneRules rules = spec.zone().getRules();
        // walk local wall-clock times from 'after' in local terms, keeping the instants after it;
        // inside a repeated hour, from its start: its second pass may still be ahead
        ZonedDateTime local = walkFrom(after, rules).atZone(ZoneOffset.UTC);
        ZonedDateTime horizon = local.plusYears(SEARCH_YEARS);
        while (times.size() < limit) {
            Optional<ZonedDateTime> next = execution.nextExecution(local);
            if (next.isEmpty() || next.get().isAfter(horizon)) {
                if (times.isEmpty() && next.isEmpty()) {
                    throw WorkflowException.validation("cron", "'" + spec.cron() + "' never fires");
                }
                return;
            }
            local = next.get();
            for (ScheduledTime t : place(local.toLocalDateTime(), spec, rules)) {
                if (t.instant().isAfter(after) && times.size() < limit) {
                    times.add(t);
                }
            }
        }
    }

    private static LocalDateTime walkFrom(Instant after, ZoneRules rules) {
        LocalDateTime start = LocalDateTime.ofInstant(after, rules.getOffset(after));
        ZoneOffsetTransition around = rules.nextTransition(after.minus(Duration.ofDays(2)));
        if (around != null && around.isOverlap()) {
            Duration length = around.getDuration().abs();
            if (!after.isBefore(around.getInstant().minus(length))
                    && after.isBefore(around.getInstant().plus(length))) {
                return around.getDateTimeAfter().minusSeconds(1);
            }
        }
        return start;
    }

    /** The instants a local time stands for in the zone, by the schedule's clock-change rules. */
    static List<ScheduledTime> place(LocalDateTime time, ScheduleSpec spec, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(time);
        if (offsets.size() == 1) {
            return List.of(new ScheduledTime(time.atZone(spec.zone()).toInstant(), time.atZone(spec.zone()), null));
        }
        if (offsets.isEmpty()) {
            if (spec.onSkippedTime() == ScheduleSpec.SkippedTime.SKIP) {
                return List.of();
            }
            ZoneOffsetTransition gap = rules.getTransition(time);
            Instant end = gap.getInstant();
            return List.of(new ScheduledTime(end, end.atZone(spec.zone()), "SHIFTED"));
        }
        ZonedDateTime first =
                ZonedDateTime.ofLocal(time, spec.zone(), offsets.get(0)).withEarlierOffsetAtOverlap();
        ZonedDateTime last = first.withLaterOffsetAtOverlap();
        return switch (spec.onRepeatedTime()) {
            case FIRST -> List.of(new ScheduledTime(first.toInstant(), first, "REPEATED"));
            case LAST -> List.of(new ScheduledTime(last.toInstant(), last, "REPEATED"));
            case BOTH ->
                List.of(
                        new ScheduledTime(first.toInstant(), first, "REPEATED"),
                        new ScheduledTime(last.toInstant(), last, "REPEATED"));
        };
    }
}
