package io.aiworkflow.engine.projection;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a projection that writes to the database keeps up with the engine: observers only enqueue,
 * and a few writer threads ("lanes"; a run always uses the same one, so its rows keep their order)
 * write in batches. A batch is whatever queued up while the previous one committed, so under load
 * many runs share one commit; a short linger lets a run that is about to end go into the same
 * commit. {@link #whenClosed} tells when a run's last rows are in.
 *
 * <p>What can go wrong, and what each lane does about it, so that no run can stop a lane:
 * <ul>
 * <li>the database is away (any error but those below): the same rows are written again, with a
 *     growing pause, until it takes them; rows must be idempotent. Meanwhile each lane's queue is
 *     bounded: when it is full, the engine waits to enqueue (back-pressure, not memory growth);</li>
 * <li>the database refuses the data for good (SQLState class 22, data exception, or 23, integrity
 *     constraint), or building a run's rows throws: the batch is written again run by run, and only
 *     the runs whose rows are refused are {@linkplain #quarantine quarantined}: their further events
 *     are dropped, the others' rows are written;</li>
 * <li>anything else a lane's thread meets ({@code Throwable}) is logged; the lane goes on.</li>
 * </ul>
 *
 * @param <R> one row (or group of rows) of a single run, computed from its events
 */
public abstract class BatchingProjectionWriter<R> {

    private static final int MAX_BATCH = 2_000;
    private static final Duration LINGER = Duration.ofMillis(2);
    /** Events a lane holds before the engine has to wait: a few seconds of peak load. */
    private static final int QUEUE_CAPACITY = Settings.current().intValue(Setting.PROJECTION_QUEUE, 20000);

    private final Logger log = Logger.getLogger(getClass().getName());
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();
    /** runs whose rows the database refused: their events are dropped until the run ends */
    private final Set<String> quarantined = ConcurrentHashMap.newKeySet();

    private volatile boolean running = true;

    /** How long a batch may wait for the end of a run it holds events of. */
    protected Duration linger() {
        return LINGER;
    }

    /**
     * Called with each whole batch before its runs are prepared, on the lane's thread: the place to
     * read in one query what several runs of the batch need. A failure here fails no run.
     */
    protected void beforeBatch(List<EngineEvent> batch) {}

    /** The rows one run's events give, in order; called once per run and batch, on its lane's thread. */
    protected abstract List<R> prepare(List<EngineEvent> runEvents);

    /**
     * Stores rows of several runs in one transaction. {@code again}: the rows are written again after
     * a failure, which may have come after they were committed, so rows already stored must be
     * skipped. A first try skips that check: no row of it can be stored yet unless something else
     * wrote it, and then its failure is followed by a try {@code again}.
     */
    protected abstract void write(List<R> rows, boolean again) throws SQLException;

    /**
     * The database refused a run's rows for good (or they could not be built): record what can be
     * recorded of it. {@code reference} is logged with the cause; only it may reach a client.
     * Called on the lane's thread; must not block on the engine.
     */
    protected abstract void quarantine(String instanceId, String reference);

    /** A run's terminal event went by: drop what is kept per run. */
    protected void forget(String instanceId) {}

    /** Starts {@code count} writer threads named {@code name-<n>}. */
    protected void startLanes(ThreadFactory threadFactory, String name, int count) {
        for (int i = 0; i < Math.max(1, count); i++) {
            Lane lane = new Lane(new LinkedBlockingQueue<>(Math.max(MAX_BATCH, QUEUE_CAPACITY)));
            lanes.add(lane);
            Thread thread = threadFactory.newThread(() -> loop(lane));
            thread.setName(name + "-" + i);
            lane.thread = thread;
            threads.add(thread);
            thread.start();
        }
    }

    /** Writes what is queued, then stops the lanes. */
    public void stop() {
        running = false;
        try {
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues the event on its run's lane; waits while that lane is full. A run's end wakes a lingering lane. */
    protected void enqueue(EngineEvent event) {
        Lane lane = laneOf(event.instanceId());
        lane.enqueued.incrementAndGet(); // counted first: whenWritten may wait for it, never miss it
        if (!lane.queue.offer(event)) {
            log.warning("the " + getClass().getSimpleName() + " queue is full; the engine waits for the database");
            try {
                lane.queue.put(event);
            } catch (InterruptedException e) {
                lane.enqueued.decrementAndGet(); // never queued
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the projection queue was full", e);
            }
        }
        if (event.isTerminal()) {
            LockSupport.unpark(lane.thread);
        }
    }

    /**
     * Completes once every event of this run queued so far is written (or dropped, for a quarantined
     * run): what a client is told after an answer or a cancel is then in the database.
     */
    public CompletableFuture<Void> whenWritten(String instanceId) {
        Lane lane = laneOf(instanceId);
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (lane) {
            long upTo = lane.enqueued.get();
            if (lane.taken >= upTo) {
                written.complete(null);
            } else {
                lane.waiters.add(new Waiter(upTo, written));
            }
        }
        return written;
    }

    private Lane laneOf(String instanceId) {
        return lanes.get(Math.floorMod(instanceId.hashCode(), lanes.size()));
    }

    /** A lane's queue, how many events went into it, and how many of those its thread is done with. */
    private static final class Lane {
        final BlockingQueue<EngineEvent> queue;
        final List<Waiter> waiters = new ArrayList<>();
        final AtomicLong enqueued = new AtomicLong();
        volatile Thread thread;
        long taken;

        Lane(BlockingQueue<EngineEvent> queue) {
            this.queue = queue;
        }

        /** The lane's thread is done with {@code events} more events (written or dropped). */
        synchronized void done(int events) {
            taken += events;
            waiters.removeIf(w -> {
                if (w.upTo() <= taken) {
                    w.future().complete(null);
                    return true;
                }
                return false;
            });
        }
    }

    private record Waiter(long upTo, CompletableFuture<Void> future) {}

    /** Completes once the run's terminal event is written (or dropped, for a quarantined run). */
    public CompletableFuture<Void> whenClosed(String instanceId) {
        return closed.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    private void loop(Lane lane) {
        BlockingQueue<EngineEvent> queue = lane.queue;
        List<EngineEvent> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                EngineEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                lingerForRunEnds(queue, batch, linger().toNanos(), BatchingProjectionWriter::park);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                log.log(Level.SEVERE, "projecting " + batch.size() + " events failed; they are dropped", e);
            } finally {
                closeEnded(batch);
                lane.done(batch.size());
                batch.clear();
            }
        }
    }

    private void store(List<EngineEvent> batch) throws InterruptedException {
        try {
            beforeBatch(batch);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "preparing a batch of " + batch.size() + " events failed", e);
        }
        Map<String, List<R>> rowsByRun = new LinkedHashMap<>();
        for (Map.Entry<String, List<EngineEvent>> run : byRun(batch).entrySet()) {
            String id = run.getKey();
            if (quarantined.contains(id)) {
                continue;
            }
            try {
                rowsByRun.put(id, prepare(run.getValue()));
            } catch (RuntimeException e) {
                isolate(id, e);
            }
        }
        List<R> all = new ArrayList<>();
        rowsByRun.values().forEach(all::addAll);
        if (all.isEmpty() || writeUntilTaken(all, batch.size(), true) == null) {
            return;
        }
        // refused for good: find the run(s) whose rows the database does not take
        for (Map.Entry<String, List<R>> run : rowsByRun.entrySet()) {
            Exception refused = rowsByRun.size() == 1
                    ? new SQLException("refused in a batch of one run")
                    : writeUntilTaken(run.getValue(), run.getValue().size(), false);
            if (refused != null) {
                isolate(run.getKey(), refused);
            }
        }
    }

    private void isolate(String instanceId, Exception cause) {
        String reference = UUID.randomUUID().toString();
        log.log(
                Level.SEVERE,
                "the rows of run " + instanceId + " cannot be stored; its further events are dropped" + " (reference "
                        + reference + ")",
                cause);
        quarantined.add(instanceId);
        try {
            quarantine(instanceId, reference);
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, "recording the quarantine of run " + instanceId + " failed", e);
        }
    }

    private void closeEnded(List<EngineEvent> batch) {
        for (EngineEvent e : batch) {
            if (e.isTerminal()) {
                quarantined.remove(e.instanceId());
                try {
                    forget(e.instanceId());
                } finally {
                    whenClosed(e.instanceId()).complete(null);
                    closed.remove(e.instanceId());
                }
            }
        }
    }

    private static Map<String, List<EngineEvent>> byRun(List<EngineEvent> batch) {
        Map<String, List<EngineEvent>> runs = new LinkedHashMap<>();
        for (EngineEvent e : batch) {
            runs.computeIfAbsent(e.instanceId(), id -> new ArrayList<>()).add(e);
        }
        return runs;
    }

    /**
     * Short runs end within a millisecond or two: waiting that long lets one commit (one fsync) carry
     * a whole run. Only the runs already in the batch are waited for. Under load new runs start all
     * the time; waiting for them too would hold every batch for the whole linger, and with it the
     * runs that have ended and whose callers wait for their history. The lane sleeps until a run's
     * end is queued, not until the next event: with one run at a time, waking for each of its
     * events cost more CPU than writing them.
     */
    static void lingerForRunEnds(
            BlockingQueue<EngineEvent> queue, List<EngineEvent> batch, long lingerNanos, Pause pause)
            throws InterruptedException {
        Set<String> waitingFor = unended(batch);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < MAX_BATCH && !waitingFor.isEmpty()) {
            int from = batch.size();
            queue.drainTo(batch, MAX_BATCH - batch.size());
            for (EngineEvent e : batch.subList(from, batch.size())) {
                if (e.isTerminal()) {
                    waitingFor.remove(e.instanceId());
                }
            }
            long left = deadline - System.nanoTime();
            if (waitingFor.isEmpty() || left <= 0) {
                return;
            }
            pause.atMost(left);
        }
    }

    /** How a lingering lane sleeps; it may wake early, for any reason. */
    @FunctionalInterface
    interface Pause {
        void atMost(long nanos) throws InterruptedException;
    }

    /** Sleeps until {@link #enqueue} queues a run's end, or the time is up. */
    private static void park(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** The runs with events in the batch but not their terminal event. */
    private static Set<String> unended(List<EngineEvent> batch) {
        Set<String> open = new HashSet<>();
        for (EngineEvent e : batch) {
            if (e.isTerminal()) {
                open.remove(e.instanceId());
            } else {
                open.add(e.instanceId());
            }
        }
        return open;
    }

    /**
     * Writes the rows, again and again while the failure may pass (the database is away); null once
     * written, or the failure when the database refuses them for good. {@code firstTry}: the rows
     * were never written before, so the first attempt may use the plain statements.
     */
    private Exception writeUntilTaken(List<R> rows, int events, boolean firstTry) throws InterruptedException {
        if (firstTry) {
            try {
                write(rows, false);
                return null;
            } catch (SQLException | RuntimeException e) {
                log.log(Level.FINE, "writing " + events + " events failed; again, skipping rows already stored", e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                write(rows, true);
                return null;
            } catch (SQLException e) {
                if (refusedForGood(e)) {
                    return e;
                }
                log.log(
                        attempt == 1 ? Level.WARNING : Level.SEVERE,
                        "writing " + events + " events failed (attempt " + attempt + ")",
                        e);
                Thread.sleep(Math.min(5_000, 100L * attempt * attempt));
                if (!running && attempt > 5) {
                    log.severe("giving up on " + events + " events at shutdown");
                    return null;
                }
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    /** SQLState class 22 (data exception: a NUL byte, a value too long) or 23 (a constraint) anywhere in the chain. */
    public static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException next = s; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
