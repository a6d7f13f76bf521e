package io.aiworkflow.engine.trace;

import io.aiworkflow.engine.event.EngineEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The persisted trace projection: observes the engine stream (enqueue only, so the engine never
 * waits) and, on one thread, projects each run's events into frames and writes them in batches to
 * {@code trace_frame}, like the history writer and independent of it. Frames are projected once,
 * before writing, so a retried batch writes the same rows (inserts are idempotent). A failing
 * database delays traces but never the run.
 */
@ApplicationScoped
public class TraceWriter {

    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());
    private static final int MAX_BATCH = 2_000;

    private record Row(String instanceId, long seq, String payload) {
    }

    /** A run's projector and the number of frames written so far; touched by the writer thread only. */
    private static final class RunTrace {
        final TraceFrameProjector projector = new TraceFrameProjector();
        TraceLevel level = TraceLevel.full;
        long frames;
    }

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Resource
    private ManagedThreadFactory threadFactory;

    private final BlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>();
    private final Map<String, RunTrace> runs = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    @PostConstruct
    void start() {
        thread = threadFactory.newThread(this::loop);
        thread.setName("trace-writer");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Right after the history writer; before the live streams, which wait for both. */
    public void onEvent(@Observes @jakarta.annotation.Priority(110) EngineEvent event) {
        queue.add(event);
    }

    /** Completes once the run's frames, up to its terminal event, are committed. */
    public CompletableFuture<Void> whenClosed(String instanceId) {
        return closed.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    private void loop() {
        List<EngineEvent> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                EngineEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeWithRetry(project(batch));
                for (EngineEvent e : batch) {
                    if (e.isTerminal()) {
                        whenClosed(e.instanceId()).complete(null);
                        closed.remove(e.instanceId());
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "projecting " + batch.size() + " events to trace frames failed", e);
                batch.clear();
            }
        }
    }

    private List<Row> project(List<EngineEvent> batch) {
        List<Row> rows = new ArrayList<>();
        for (EngineEvent e : batch) {
            RunTrace run = runs.computeIfAbsent(e.instanceId(), id -> new RunTrace());
            if (e instanceof io.aiworkflow.engine.event.WorkflowStarted started) {
                run.level = levelOf(started.appId());
            }
            for (JsonObject frame : run.projector.frames(e)) {
                var kept = run.level.apply(frame);
                if (kept.isPresent()) {
                    rows.add(new Row(e.instanceId(), ++run.frames, kept.get().toString()));
                }
            }
            if (e.isTerminal()) {
                runs.remove(e.instanceId());
            }
        }
        return rows;
    }

    /** The app's trace level, read once per run when it starts. */
    private TraceLevel levelOf(String appId) {
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("select trace_level from app where id = ?")) {
            ps.setString(1, appId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? TraceLevel.parse(rs.getString(1)) : TraceLevel.full;
            }
        } catch (SQLException e) {
            LOG.warning("reading the trace level of app " + appId + " failed, using full: " + e.getMessage());
            return TraceLevel.full;
        }
    }

    private void writeWithRetry(List<Row> rows) throws InterruptedException {
        if (rows.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                write(rows);
                return;
            } catch (SQLException e) {
                LOG.log(attempt == 1 ? Level.WARNING : Level.SEVERE,
                        "writing " + rows.size() + " trace frames failed (attempt " + attempt + ")", e);
                Thread.sleep(Math.min(5_000, 100L * attempt * attempt));
                if (!running && attempt > 5) {
                    LOG.severe("giving up on " + rows.size() + " trace frames at shutdown");
                    return;
                }
            }
        }
    }

    private void write(List<Row> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into trace_frame (instance_id, seq, payload) values (?, ?, ?) on conflict do nothing")) {
                for (Row r : rows) {
                    ps.setString(1, r.instanceId());
                    ps.setLong(2, r.seq());
                    ps.setString(3, r.payload());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e instanceof SQLException s ? s : new SQLException(e);
            }
        }
    }
}
