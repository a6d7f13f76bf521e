package io.aiworkflow.engine.trace;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.projection.BatchingProjectionWriter;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The persisted trace projection: projects each run's events into trace frames, as the app's trace
 * level keeps them, for the history writer to store in {@code trace_frame} in the same commit as the
 * run's history: one row per run and batch, holding the frames of that run's events of the batch.
 * A run's trace and history are so always committed together, and the trace costs no commit and no
 * round trip of its own. A batch's rows are made once, so a retried write stores the same rows.
 *
 * <p>A run's frames never fail its history: a trace row the database refuses for good is left out
 * of the commit and the run goes on untraced.
 */
@ApplicationScoped
public class TraceRecorder {

    private static final Logger LOG = Logger.getLogger(TraceRecorder.class.getName());

    /**
     * A run's frames {@code seq..lastSeq} of one batch, stored as one row: the JSON array of the
     * frames, {@linkplain DeflatedText deflated}. One row per run and batch rather than per frame
     * keeps the table's inserts and index entries a small fraction of the frames.
     */
    public record Chunk(String instanceId, long seq, long lastSeq, byte[] deflated) {}

    /**
     * A run's projector and the number of frames written so far. A run announced before it starts
     * is projected as its events are published ({@link #project}), on the threads that run it; the
     * others on its lane, with its batches.
     */
    private static final class RunTrace {
        TraceFrameProjector projector = new TraceFrameProjector("");
        /** none once its frames were refused */
        volatile TraceLevel level = TraceLevel.FULL;
        /** its level and app name are known: given before it started, or read with its batch */
        boolean described;
        /** announced: projected as its events are published */
        boolean early;

        long frames;
        /** frames projected early that no batch took yet, in event order; guarded by the run */
        final ArrayDeque<Projected> projected = new ArrayDeque<>();
    }

    /** The frames of one event, as JSON text joined by commas. */
    private record Projected(long sequence, String json, int count) {}

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    private final Map<String, RunTrace> runs = new ConcurrentHashMap<>();

    /** For CDI. */
    public TraceRecorder() {}

    /** Outside the container (benchmarks, tests): a plain data source to read apps and stored frames from. */
    public TraceRecorder(DataSource dataSource) {
        this.dataSource = dataSource;
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
        run.early = true;
        runs.put(instanceId, run);
    }

    /** An expected run that did not start. */
    public void abandon(String instanceId) {
        runs.remove(instanceId);
    }

    /**
     * Projects the event of an announced run as it is published, before the history writer queues
     * it: building and writing frames then takes the run's own threads, not the history lane that
     * every run's answer waits for. Never throws: a run whose frames cannot be built goes on
     * untraced.
     */
    public void project(EngineEvent event) {
        RunTrace run = runs.get(event.instanceId());
        if (run == null || !run.early || run.level == TraceLevel.NONE) {
            return;
        }
        try {
            // a run's events are published one at a time, in order: its projector sees them so
            List<TraceFrame> frames = run.projector.frames(event);
            if (frames.isEmpty()) {
                return;
            }
            StringBuilder json = new StringBuilder(1024);
            append(frames, run.level, json);
            synchronized (run) {
                run.projected.add(new Projected(event.sequence(), json.toString(), frames.size()));
            }
        } catch (RuntimeException e) {
            untraced(run, event.instanceId(), e);
        }
    }

    /**
     * Reads, in one query, the trace level and name of each app that a run of the batch starts (or
     * goes on after a take-over) in, unless the run was {@linkplain #expect expected}: read when the
     * run starts, so a level changed later applies to later runs. Called on the batch's lane.
     */
    public void describe(List<EngineEvent> batch) {
        Map<String, String> appOfRun = new HashMap<>();
        for (EngineEvent e : batch) {
            if (e instanceof WorkflowStarted started && !isExpected(started.instanceId())) {
                appOfRun.put(e.instanceId(), started.appId());
            } else if (e instanceof RunResumed resumed) {
                appOfRun.put(e.instanceId(), resumed.appId());
            }
        }
        if (appOfRun.isEmpty()) {
            return;
        }
        Set<String> appIds = new HashSet<>(appOfRun.values());
        Map<String, TraceLevel> levels = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select id, trace_level, name from app where id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", appIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    levels.put(rs.getString(1), TraceLevel.parse(rs.getString(2)));
                    names.put(rs.getString(1), rs.getString(3));
                }
            }
        } catch (SQLException e) {
            LOG.warning("reading the trace level of apps " + appIds + " failed, using full: " + e.getMessage());
        }
        appOfRun.forEach((instanceId, appId) -> {
            RunTrace run = runs.computeIfAbsent(instanceId, id -> new RunTrace());
            run.described = true;
            if (levels.containsKey(appId)) {
                run.level = levels.get(appId);
                run.projector = new TraceFrameProjector(names.get(appId));
            }
        });
    }

    /**
     * The frames of one run's events of a batch, as one row, or null when its level keeps none.
     * Never throws: a run whose frames cannot be built goes on untraced.
     */
    public Chunk frames(List<EngineEvent> runEvents) {
        String instanceId = runEvents.get(0).instanceId();
        RunTrace run = runs.computeIfAbsent(instanceId, id -> new RunTrace());
        if (run.early) {
            return projectedUpTo(
                    run, instanceId, runEvents.get(runEvents.size() - 1).sequence());
        }
        try {
            StringBuilder frames = new StringBuilder("[");
            long first = run.frames + 1;
            for (EngineEvent e : runEvents) {
                if (e instanceof RunResumed) {
                    // taken over: the frames written before go on being numbered after the last one
                    run.frames = lastFrame(instanceId);
                    first = run.frames + 1;
                }
                // a run traced at none keeps no frame: nothing to project
                if (run.level != TraceLevel.NONE) {
                    run.frames += append(run.projector.frames(e), run.level, frames);
                }
            }
            return run.frames < first
                    ? null
                    : new Chunk(
                            instanceId,
                            first,
                            run.frames,
                            DeflatedText.deflate(frames.append(']').toString()));
        } catch (RuntimeException e) {
            untraced(run, instanceId, e);
            return null;
        }
    }

    /**
     * Appends the frames' JSON text to a JSON array being written into {@code out} (after a comma,
     * unless they are its first); returns how many.
     */
    private static int append(List<TraceFrame> frames, TraceLevel level, StringBuilder out) {
        for (TraceFrame frame : frames) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '[') {
                out.append(',');
            }
            frame.appendTo(level, out);
        }
        return frames.size();
    }

    /** The frames an announced run's events up to {@code sequence} (those of the batch) were projected into. */
    private static Chunk projectedUpTo(RunTrace run, String instanceId, long sequence) {
        StringBuilder frames = new StringBuilder("[");
        int count = 0;
        synchronized (run) {
            while (!run.projected.isEmpty() && run.projected.peek().sequence() <= sequence) {
                Projected p = run.projected.poll();
                if (count > 0) {
                    frames.append(',');
                }
                frames.append(p.json());
                count += p.count();
            }
        }
        if (count == 0 || run.level == TraceLevel.NONE) {
            return null;
        }
        long first = run.frames + 1;
        run.frames += count;
        return new Chunk(
                instanceId,
                first,
                run.frames,
                DeflatedText.deflate(frames.append(']').toString()));
    }

    private static void untraced(RunTrace run, String instanceId, RuntimeException e) {
        LOG.log(Level.SEVERE, "the trace frames of run " + instanceId + " cannot be built; it goes on untraced", e);
        run.level = TraceLevel.NONE;
    }

    /** The run ended (or its history was refused): drop what is kept of it. */
    public void forget(String instanceId) {
        runs.remove(instanceId);
    }

    /**
     * The rows' insert, as a common table expression for the statement that a commit's first try
     * writes its other rows with: the frames then cost the commit no round trip of their own. Its
     * four parameters, each an array, are bound by {@link #bindRows}.
     */
    public static final String INSERT_ROWS = "with frames as (insert into trace_frame"
            + " (instance_id, seq, last_seq, payload_deflated)"
            + " select * from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bytea[])) ";

    /** Binds the rows to {@link #INSERT_ROWS}'s parameters, from {@code first}; returns the next parameter. */
    public static int bindRows(PreparedStatement ps, int first, List<Chunk> chunks) throws SQLException {
        ps.setObject(first, chunks.stream().map(Chunk::instanceId).toArray(String[]::new));
        ps.setObject(first + 1, chunks.stream().mapToLong(Chunk::seq).toArray());
        ps.setObject(first + 2, chunks.stream().mapToLong(Chunk::lastSeq).toArray());
        ps.setObject(first + 3, chunks.stream().map(Chunk::deflated).toArray(byte[][]::new));
        return first + 4;
    }

    /**
     * Adds the rows to the caller's transaction when its first try failed: they may be stored
     * already, and each row is inserted within a savepoint, so that a row the database refuses for
     * good is left out (its run goes on untraced) while the rest of the transaction, the history,
     * commits.
     */
    public void writeAgain(Connection c, List<Chunk> chunks) throws SQLException {
        if (chunks.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into trace_frame (instance_id, seq, last_seq,"
                + " payload_deflated) values (?, ?, ?, ?) on conflict do nothing")) {
            for (Chunk chunk : chunks) {
                Savepoint before = c.setSavepoint();
                try {
                    bind(ps, chunk);
                    ps.executeUpdate();
                    c.releaseSavepoint(before);
                } catch (SQLException e) {
                    if (!BatchingProjectionWriter.refusedForGood(e)) {
                        throw e;
                    }
                    c.rollback(before);
                    LOG.log(
                            Level.SEVERE,
                            "the trace frames of run " + chunk.instanceId() + " are refused; it goes on untraced",
                            e);
                    RunTrace run = runs.get(chunk.instanceId());
                    if (run != null) {
                        run.level = TraceLevel.NONE;
                    }
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Chunk chunk) throws SQLException {
        ps.setString(1, chunk.instanceId());
        ps.setLong(2, chunk.seq());
        ps.setLong(3, chunk.lastSeq());
        ps.setBytes(4, chunk.deflated());
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
}
