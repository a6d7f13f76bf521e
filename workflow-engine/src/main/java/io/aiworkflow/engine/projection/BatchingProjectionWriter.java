package io.aiworkflow.engine.projection;

import io.aiworkflow.engine.event.EngineEvent;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a projection that writes to the database keeps up with the engine: observers only enqueue
 * (the engine never waits), and a few writer threads ("lanes"; a run always uses the same one, so
 * its rows keep their order) write in batches. A batch is whatever queued up while the previous one
 * committed, so under load many runs share one commit; a short linger lets a run that is about to
 * end go into the same commit. A batch is prepared once and its write retried until the database
 * takes it, so rows must be idempotent. {@link #whenClosed} tells when a run's last rows are in.
 *
 * @param <P> a batch prepared for writing (rows computed from the events)
 */
public abstract class BatchingProjectionWriter<P> {

    private static final int MAX_BATCH = 2_000;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Logger log = Logger.getLogger(getClass().getName());
    private final List<BlockingQueue<EngineEvent>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** Turns events into what {@link #write} stores; called once per batch, on its lane's thread. */
    protected abstract P prepare(List<EngineEvent> batch);

    /** Stores a prepared batch in one transaction; may be called again for the same batch after a failure. */
    protected abstract void write(P prepared) throws SQLException;

    /** Starts {@code lanes} writer threads named {@code name-<n>}. */
    protected void startLanes(ThreadFactory threadFactory, String name, int lanes) {
        for (int i = 0; i < Math.max(1, lanes); i++) {
            BlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread thread = threadFactory.newThread(() -> loop(queue));
            thread.setName(name + "-" + i);
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

    protected void enqueue(EngineEvent event) {
        queues.get(Math.floorMod(event.instanceId().hashCode(), queues.size())).add(event);
    }

    /** Completes once the run's terminal event is written: its rows are then complete. */
    public CompletableFuture<Void> whenClosed(String instanceId) {
        return closed.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    private void loop(BlockingQueue<EngineEvent> queue) {
        List<EngineEvent> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                EngineEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                lingerForRunEnds(queue, batch);
                writeWithRetry(prepare(batch), batch.size());
                for (EngineEvent e : batch) {
                    if (e.isTerminal()) {
                        whenClosed(e.instanceId()).complete(null);
                        closed.remove(e.instanceId());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.log(Level.SEVERE, "projecting " + batch.size() + " events failed; they are dropped", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Short runs end within a millisecond or two: waiting that long lets one commit (one fsync) carry a whole run. */
    private static void lingerForRunEnds(BlockingQueue<EngineEvent> queue, List<EngineEvent> batch)
            throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < MAX_BATCH && !endsEveryRun(batch)) {
            long left = deadline - System.nanoTime();
            EngineEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private static boolean endsEveryRun(List<EngineEvent> batch) {
        Set<String> open = new HashSet<>();
        for (EngineEvent e : batch) {
            if (e.isTerminal()) {
                open.remove(e.instanceId());
            } else {
                open.add(e.instanceId());
            }
        }
        return open.isEmpty();
    }

    private void writeWithRetry(P prepared, int events) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                write(prepared);
                return;
            } catch (SQLException e) {
                log.log(attempt == 1 ? Level.WARNING : Level.SEVERE,
                        "writing " + events + " events failed (attempt " + attempt + ")", e);
                Thread.sleep(Math.min(5_000, 100L * attempt * attempt));
                if (!running && attempt > 5) {
                    log.severe("giving up on " + events + " events at shutdown");
                    return;
                }
            }
        }
    }
}
