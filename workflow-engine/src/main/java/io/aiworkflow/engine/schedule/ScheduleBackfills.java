package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.ScheduledRuns;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.runs.BulkStart;
import io.aiworkflow.engine.schedule.ScheduleStore.Stored;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A backfill runs a schedule's past times as a bulk operation: the times in a range that have no
 * run (never due, paused, skipped, missed), each run as the schedule would have run it, and
 * recorded as that time's firing (kind BACKFILL).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ScheduleBackfills implements ScheduledRuns {

    @Inject
    private ScheduleStore store;

    @Inject
    private FiringStarter starter;

    @Override
    public List<Instant> backfillTimes(Caller caller, String scheduleId, Instant from, Instant to, int limit) {
        Stored s = visible(caller, scheduleId);
        if (s.definition().datasetId() != null) {
            throw WorkflowException.validation(
                    "selection.scheduleId", "a dataset schedule's times are backfilled as dataset runs; not supported");
        }
        Set<Instant> ran = new HashSet<>(store.alreadyRun(scheduleId, from, to));
        ScheduleSpec spec = s.definition().spec();
        // every time in the range, whatever runs it already had: maxRuns does not limit a backfill
        ScheduleSpec unlimited = new ScheduleSpec(
                spec.cron(),
                spec.interval(),
                spec.intervalOffset(),
                spec.zone(),
                spec.startAt(),
                spec.endAt(),
                null,
                spec.onRepeatedTime(),
                spec.onSkippedTime());
        List<Instant> times = new java.util.ArrayList<>();
        Instant after = from.minusNanos(1);
        while (times.size() <= limit) {
            List<ScheduledTime> next = ScheduleTimes.next(unlimited, after, 1000, 0);
            for (ScheduledTime t : next) {
                if (t.instant().isAfter(to) || times.size() > limit) {
                    return times;
                }
                if (!ran.contains(t.instant())) {
                    times.add(t.instant());
                }
                after = t.instant();
            }
            if (next.size() < 1000) {
                break;
            }
        }
        return times;
    }

    @Override
    public void startBackfilled(Caller owner, String scheduleId, Instant at, BulkStart item) {
        Stored s = store.find(scheduleId)
                .orElseThrow(
                        () -> new WorkflowException(ErrorCode.NOT_FOUND, "schedule " + scheduleId + " was deleted"));
        starter.startRun(s, at, item.instanceId(), BulkStart.lineage(item, RunLineage.NONE));
        store.recordBackfilled(scheduleId, at, item.instanceId(), item.operationId());
    }

    private Stored visible(Caller caller, String id) {
        return store.find(id)
                .filter(s -> io.aiworkflow.engine.security.AccessPolicy.canSee(caller, s.teamId()))
                .orElseThrow(() -> new WorkflowException(ErrorCode.NOT_FOUND, "no schedule with id " + id));
    }
}
