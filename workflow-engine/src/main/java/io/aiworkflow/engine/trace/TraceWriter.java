package io.aiworkflow.engine.trace;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.ObserverOrder;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.projection.BatchingProjectionWriter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * The persisted trace projection: projects each run's events into trace frames, as the app's
 * trace level keeps them, and writes them to {@code trace_frame} in batches, independently of the
 * history: one row per run and batch, holding that run's frames of the batch. Frames are projected once per batch, so a retried write stores the same rows.
 */
@ApplicationScoped
public class TraceWriter extends BatchingProjectionWriter<TraceWriter.Row> {

    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());

    /**
     * A run's frames {@code seq..lastSeq} of one batch, stored as one row: the JSON array of the
     * frames, {@linkplain DeflatedText deflated}. One row per run and batch rather than per frame
     * keeps the table's inserts and index entries a small fraction of the frames.
     */
    record Row(String instanceId, long seq, long lastSeq, byte[] deflated) {}

    /** A run's projector and the number of frames written so far; a run is always on one lane. */
    private static final class RunTrace {
        TraceFrameProjector projector = new TraceFrameProjector("");
        TraceLevel level = TraceLevel.FULL;
        /** its level and app name were given before it started: its start reads no app */
        boolean described;

        long frames;
    }

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Resource
    private ManagedThreadFactory threadFactory;

    private final Map<String, RunTrace> runs = new ConcurrentHashMap<>();
    /** The apps of the runs the current batch starts; the lane's thread only. */
    private Map<String, Description> described = Map.of();

    private ThreadFactory threadSource;

    /** For CDI. */
    public TraceWriter() {}

    /** Outside the container (benchmarks): a plain data source and thread factory; call {@link #start()}. */
    public TraceWriter(DataSource dataSource, ThreadFactory threads) {
        this.dataSource = dataSource;
        this.threadSource = threads;
    }

    @PostConstruct
    public void start() {
        startLanes(threadSource != null ? threadSource : threadFactory, "trace-writer", 1);
    }

    @Override
    @PreDestroy
    public void stop() {
        super.stop();
    }

    /**
     * The run about to start keeps its frames at {@code level} under the app name {@code appName}
     * (what the caller read when it checked the start): its first batch then reads no app. Runs
     * not announced (taken over, resumed) have their app read when they start. Call {@link
     * #abandon} if the run does not start after all.
     */
    public void expect(String instanceId, TraceLevel level, String appName) {
        RunTrace run = new RunTrace();
        run.level = level;
        run.projector = new TraceFrameProjector(appName);
        run.described = true;
        runs.put(instanceId, run);
    }

    /** An expected run that did not start. */
    public void abandon(String instanceId) {
        runs.remove(instanceId);
    }

    /** Right after the history writer; before the live streams, which wait for both. */
    public void onEvent(@Observes @Priority(ObserverOrder.TRACES) EngineEvent event) {
        enqueue(event);
    }

    @Override
    protected void beforeBatch(List<EngineEvent> batch) {
        described = describe(batch);
    }

    @Override
    protected List<Row> prepare(List<EngineEvent> runEvents) {
        StringBuilder frames = new StringBuilder("[");
        String instanceId = runEvents.get(0).instanceId();
        long first = 0;
        RunTrace run = null;
        for (EngineEvent e : runEvents) {
            run = runs.computeIfAbsent(e.instanceId(), id -> new RunTrace());
            if (e instanceof WorkflowStarted started && !run.described) {
                describe(run, described.get(started.appId()));
            } else if (e instanceof RunResumed resumed) {
                // taken over: the frames written before go on being numbered after the last one
                describe(run, described.get(resumed.appId()));
                run.frames = lastFrame(e.instanceId());
            }
            // a run traced at none keeps no frame: nothing to project
            for (JsonObject frame : run.level == TraceLevel.NONE ? List.<JsonObject>of() : run.projector.frames(e)) {
                if (first == 0) {
                    first = run.frames + 1;
                } else {
                    frames.append(',');
                }
                run.level.appendTo(frame, frames);
                run.frames++;
            }
            if (e.isTerminal()) {
                runs.remove(e.instanceId());
            }
        }
        return first == 0
                ? List.of()
                : List.of(new Row(
                        instanceId,
                        first,
                        run.frames,
                        DeflatedText.deflate(frames.append(']').toString())));
    }

    /** The run's frames are refused: it goes on untraced (its history is apart and unaffected). */
    @Override
    protected void quarantine(String instanceId, String reference) {
        runs.remove(instanceId);
    }

    @Override
    protected void forget(String instanceId) {
        runs.remove(instanceId);
    }

    private record Description(TraceLevel level, String appName) {}

    private static void describe(RunTrace run, Description app) {
        if (app != null) {
            run.level = app.level();
            run.projector = new TraceFrameProjector(app.appName());
        }
    }

    /**
     * The trace level and name of each app a run of the batch starts (or goes on after a take-over)
     * in, unless it was {@linkplain #expect expected}, read once per batch, when the run starts: a
     * level changed later applies to later runs.
     */
    private Map<String, Description> describe(List<EngineEvent> events) {
        Set<String> appIds = new HashSet<>();
        for (EngineEvent e : events) {
            if (e instanceof WorkflowStarted started && !isExpected(started.instanceId())) {
                appIds.add(started.appId());
            } else if (e instanceof RunResumed resumed) {
                appIds.add(resumed.appId());
            }
        }
        Map<String, Description> described = new HashMap<>();
        if (appIds.isEmpty()) {
            return described;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select id, trace_level, name from app where id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", appIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    described.put(rs.getString(1), new Description(TraceLevel.parse(rs.getString(2)), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            LOG.warning("reading the trace level of apps " + appIds + " failed, using full: " + e.getMessage());
        }
        return described;
    }

    private boolean isExpected(String instanceId) {
        RunTrace run = runs.get(instanceId);
        return run != null && run.described;
    }

    /** The number of the run's last stored frame (0 for none). */
    private long lastFrame(String instanceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select coalesce(max(coalesce(last_seq, seq)), 0) from trace_frame where instance_id = ?")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the last trace frame of run " + instanceId + " failed", e);
        }
    }

    @Override
    protected void write(List<Row> rows, boolean again) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into trace_frame (instance_id, seq, last_seq, payload_deflated) values (?, ?, ?, ?)"
                            + (again ? " on conflict do nothing" : ""))) {
                for (Row r : rows) {
                    ps.setString(1, r.instanceId());
                    ps.setLong(2, r.seq());
                    ps.setLong(3, r.lastSeq());
                    ps.setBytes(4, r.deflated());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
