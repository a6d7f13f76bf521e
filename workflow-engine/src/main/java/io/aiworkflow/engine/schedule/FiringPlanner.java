package io.aiworkflow.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for one schedule at one moment, what happens to every scheduled time that has come due
 * since the last one handled: each gets exactly one record, none is dropped silently. Pure: the
 * caller supplies the time and how many of the schedule's runs are active, and records the plan in
 * the same transaction as it moves the schedule on.
 */
public final class FiringPlanner {

    /** How one scheduled time was handled. */
    public enum Outcome {
        /** a run starts for it */
        FIRE,
        /** late, and a later late time's catch-up run stands for it */
        COALESCED,
        /** not run: too late (outside the catch-up window, or the misfire policy skips late times) */
        MISSED,
        /** not run: the previous run was still active */
        SKIPPED_OVERLAP,
        /** waits until the active run ends, then runs */
        BUFFERED
    }

    /** One scheduled time's record: {@code catchUp} marks a run started late for a missed time. */
    public record Firing(Instant scheduledTime, Outcome outcome, boolean catchUp, String reason) {}

    /**
     * @param firings       every due time, in order
     * @param cancelActive  the policy cancels the runs still active ({@code CANCEL_OTHER})
     * @param nextFireAt    the next time after the last due one, or null when the schedule is done
     */
    public record Plan(List<Firing> firings, boolean cancelActive, Instant nextFireAt) {}

    /** More due times than this in one step are recorded by the next step (bounded work per tick). */
    static final int MAX_DUE = 10_000;

    private FiringPlanner() {}

    /**
     * @param after        the last scheduled time already handled (or when the schedule started or resumed)
     * @param now          the database's clock
     * @param activeRuns   the schedule's runs that are still active
     * @param bufferedNow  its scheduled times already BUFFERED
     * @param runsSoFar    runs it started so far (for maxRuns)
     */
    public static Plan plan(
            ScheduleSpec spec,
            FiringPolicy policy,
            Instant after,
            Instant now,
            int activeRuns,
            int bufferedNow,
            long runsSoFar) {
        List<ScheduledTime> due = new ArrayList<>();
        for (ScheduledTime t : ScheduleTimes.next(spec, after, MAX_DUE + 1, runsSoFar)) {
            if (t.instant().isAfter(now) || due.size() == MAX_DUE) {
                break;
            }
            due.add(t);
        }
        Instant lastDue = due.isEmpty() ? after : due.get(due.size() - 1).instant();
        List<ScheduledTime> upcoming = ScheduleTimes.next(spec, lastDue, 1, runsSoFar + due.size());
        Instant next = upcoming.isEmpty() ? null : upcoming.get(0).instant();

        Duration grace = Duration.ofSeconds(policy.graceSeconds());
        Instant windowStart = now.minus(policy.catchupWindow());
        List<Instant> late = new ArrayList<>();
        List<Firing> firings = new ArrayList<>();
        // first, which times would run at all (on time, or as a catch-up)
        List<Firing> candidates = new ArrayList<>();
        for (ScheduledTime t : due) {
            Instant at = t.instant();
            if (!at.plus(grace).isBefore(now)) {
                candidates.add(new Firing(at, Outcome.FIRE, false, null));
            } else if (at.isBefore(windowStart)) {
                candidates.add(new Firing(at, Outcome.MISSED, false, "older than the catch-up window"));
            } else {
                late.add(at);
                candidates.add(new Firing(at, null, true, null));
            }
        }
        int catchUps = switch (policy.misfire()) {
            case COALESCE -> Math.min(1, late.size());
            case SKIP -> 0;
            case RUN_ALL -> Math.min(policy.maxCatchup(), late.size());
        };
        List<Instant> runLate = late.subList(late.size() - catchUps, late.size());
        for (Firing f : candidates) {
            if (f.outcome() != null) {
                firings.add(f);
            } else if (runLate.contains(f.scheduledTime())) {
                firings.add(new Firing(f.scheduledTime(), Outcome.FIRE, true, "late: a catch-up run"));
            } else {
                firings.add(new Firing(
                        f.scheduledTime(),
                        policy.misfire() == FiringPolicy.Misfire.COALESCE ? Outcome.COALESCED : Outcome.MISSED,
                        false,
                        policy.misfire() == FiringPolicy.Misfire.COALESCE
                                ? "late: the catch-up run of a later time stands for it"
                                : policy.misfire() == FiringPolicy.Misfire.SKIP
                                        ? "late: the misfire policy skips late times"
                                        : "late: beyond maxCatchup"));
            }
        }
        return overlap(firings, policy, activeRuns, bufferedNow, next);
    }

    /** A firing asked for at {@code at} ("run now"): only the overlap policy applies. */
    public static Plan now(FiringPolicy policy, Instant at, int activeRuns, int bufferedNow) {
        return overlap(List.of(new Firing(at, Outcome.FIRE, false, null)), policy, activeRuns, bufferedNow, null);
    }

    /**
     * Applies the overlap policy to the times that would run, in order (a time that runs makes the
     * next one overlap). Catch-up runs are never dropped for overlapping: under SKIP and BUFFER_ONE
     * they wait their turn (BUFFERED).
     */
    private static Plan overlap(
            List<Firing> firings, FiringPolicy policy, int activeRuns, int bufferedNow, Instant next) {
        List<Firing> result = new ArrayList<>();
        int active = activeRuns;
        int buffered = bufferedNow;
        boolean cancel = false;
        for (Firing f : firings) {
            if (f.outcome() != Outcome.FIRE || active == 0) {
                if (f.outcome() == Outcome.FIRE) {
                    active++;
                }
                result.add(f);
                continue;
            }
            if (f.catchUp()
                    && (policy.overlap() == FiringPolicy.Overlap.SKIP
                            || policy.overlap() == FiringPolicy.Overlap.BUFFER_ONE)) {
                // catch-up runs the misfire policy asked for run one after another, not never
                buffered++;
                result.add(
                        new Firing(f.scheduledTime(), Outcome.BUFFERED, true, "a catch-up run, after the active one"));
                continue;
            }
            switch (policy.overlap()) {
                case SKIP -> result.add(skipped(f));
                case BUFFER_ONE -> {
                    if (buffered == 0) {
                        buffered++;
                        result.add(new Firing(
                                f.scheduledTime(), Outcome.BUFFERED, f.catchUp(), "the previous run is active"));
                    } else {
                        result.add(skipped(f));
                    }
                }
                case BUFFER_ALL -> {
                    buffered++;
                    result.add(
                            new Firing(f.scheduledTime(), Outcome.BUFFERED, f.catchUp(), "the previous run is active"));
                }
                case CANCEL_OTHER -> {
                    cancel = true;
                    active = 1;
                    result.add(f);
                }
                case ALLOW_ALL -> {
                    if (active < policy.maxConcurrent()) {
                        active++;
                        result.add(f);
                    } else {
                        result.add(new Firing(
                                f.scheduledTime(),
                                Outcome.SKIPPED_OVERLAP,
                                f.catchUp(),
                                policy.maxConcurrent() + " runs are active (maxConcurrent)"));
                    }
                }
            }
        }
        return new Plan(result, cancel, next);
    }

    private static Firing skipped(Firing f) {
        return new Firing(f.scheduledTime(), Outcome.SKIPPED_OVERLAP, f.catchUp(), "the previous run is still active");
    }
}
