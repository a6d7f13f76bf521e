package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.ObserverOrder;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.history.HistoryRejected;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live fan-out projection: observes the engine stream and feeds each run's subscribers (SSE
 * streams). A finished run stays until its history is committed, so a client that connects just
 * after the end still gets its events; after that, replay comes from history. Kept longer, finished
 * runs filled the heap under load: at 400 runs a second, a minute of them held 600 MB of events,
 * and the collector's work on them cost nearly as much CPU as the request threads.
 */
@ApplicationScoped
public class LiveRuns {

    /** For a run whose history nobody waits for (none in production): how long it stays after its end. */
    private static final long KEEP_UNRECORDED_SECONDS = 60;

    private final ConcurrentHashMap<String, LiveRun> runs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-runs-janitor");
        t.setDaemon(true);
        return t;
    });

    LiveRun register(String instanceId) {
        return runs.computeIfAbsent(instanceId, LiveRun::new);
    }

    /** A run resumed after a restart: known as such from the moment a replay can find it. */
    public LiveRun registerResumed(String instanceId, long lastRecordedSeq) {
        return runs.computeIfAbsent(instanceId, id -> {
            LiveRun run = new LiveRun(id);
            run.resumedAfter(lastRecordedSeq);
            return run;
        });
    }

    public Optional<LiveRun> find(String instanceId) {
        return Optional.ofNullable(runs.get(instanceId));
    }

    /** After the history writer (lower priority value), which must have queued the event first. */
    void onEvent(@Observes @Priority(ObserverOrder.LIVE_STREAMS) EngineEvent event) {
        LiveRun run = runs.get(event.instanceId());
        if (run == null) {
            return;
        }
        run.accept(event);
        if (event instanceof RunHandedOver) {
            runs.remove(event.instanceId()); // another server holds it: replays come from history
        } else if (event.isTerminal()) {
            forgetOnceRecorded(run);
        }
    }

    private void forgetOnceRecorded(LiveRun run) {
        CompletableFuture<Void> recorded = run.recorded();
        if (recorded == null) {
            janitor.schedule(() -> runs.remove(run.instanceId(), run), KEEP_UNRECORDED_SECONDS, TimeUnit.SECONDS);
        } else {
            recorded.whenComplete((done, failure) -> runs.remove(run.instanceId(), run));
        }
    }

    /** A run whose history the database refused is stopped, so its clients see it fail as it is recorded. */
    void onHistoryRejected(@ObservesAsync HistoryRejected rejected) {
        find(rejected.instanceId())
                .map(LiveRun::handle)
                .ifPresent(handle -> handle.fail(rejected.code(), rejected.message()));
    }

    public int active() {
        return (int) runs.values().stream().filter(r -> !r.isFinished()).count();
    }
}
