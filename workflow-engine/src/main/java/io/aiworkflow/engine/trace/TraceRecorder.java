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
 * The persisted trace: keeps each run's events, as {@link TracedEvents} writes them at the app's
 * trace level, for the history writer to store in {@code trace_event} in the same commit as the
 * run's history: one row per run and batch. The frames are projected from them when the trace is
 * read. A run's trace and history are so always committed together, and the trace costs no commit
 * and no round trip of its own. A batch's rows are made once, so a retried write stores the same rows.
 *
 * <p>A run's trace never fails its history: a trace row the database refuses for good is left out
 * of the commit and the run goes on untraced.
 */
@ApplicationScoped
public class TraceRecorder {

    private static final Logger LOG = Logger.getLogger(TraceRecorder.class.getName());

    /**
     * A run's traced events {@code seq..lastSeq} (their sequence numbers) of one batch, stored as one
     * row: the JSON array of the events at {@code level}, {@linkplain DeflatedText deflated}. One row
     * per run and batch keeps the table's inserts and index entries a small fraction of the events.
     */
    public record Chunk(String instanceId, long seq, long lastSeq, TraceLevel level, byte[] deflated) {}

    /**
     * What is kept of a run being traced. A run announced before it starts has its events written
     * as they are published ({@link #record}), on the threads that run it; the others on its lane,
     * with its batches.
     */
    private static final class RunTrace {
        /** none once its rows were refused */
        volatile TraceLevel level = TraceLevel.FULL;
        /** the app's name, which the workflow's frames carry */
        String appName = "";
        /** its level and app name are known: given before it started, or read with its batch */
        boolean described;
        /** announced: written as its events are published */
        boolean early;

        /** events written early that no batch took yet, in order; guarded by the run */
        final ArrayDeque<Written> written = new ArrayDeque<>();
    }

    /** One event as the trace keeps it, JSON text. */
    private record Written(long sequence, String json) {}

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    private final Map<String, RunTrace> runs = new ConcurrentHashMap<>();

    /** For CDI. */
    public TraceRecorder() {}

    /** Outside the container (benchmarks, tests): a plain data source to read apps from. */
    public TraceRecorder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The run about to start keeps its trace at {@code level} under the app name {@code appName}
     * (what the caller read when it checked the start): its first batch then reads no app. Runs
     * not announced (taken over, resumed) have their app read when they start. Call {@link
     * #abandon} if the run does not start after all.
     */
    public void expect(String instanceId, TraceLevel level, String appName) {
        RunTrace run = new RunTrace();
        run.level = level;
        run.appName = appName == null ? "" : appName;
        run.described = true;
        run.early = true;
        runs.put(instanceId, run);
    }

    /** An expected run that did not start. */
    public void abandon(String instanceId) {
        runs.remove(instanceId);
    }

    /**
     * Writes the event of an announced run as it is published, before the history writer queues it:
     * the work then takes the run's own threads, not the history lane that every run's answer waits
     * for. Never throws: a run whose events cannot be written goes on untraced.
     */
    public void record(EngineEvent event) {
        RunTrace run = runs.get(event.instanceId());
        if (run == null || !run.early || run.level == TraceLevel.NONE) {
            return;
        }
        try {
            StringBuilder json = new StringBuilder(256);
            if (TracedEvents.append(event, run.level, run.appName, json)) {
                synchronized (run) {
                    run.written.add(new Written(event.sequence(), json.toString()));
                }
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
                run.appName = names.get(appId) == null ? "" : names.get(appId);
            }
        });
    }

    /**
     * The traced events of one run's events of a batch, as one row, or null when its level keeps
     * none or they make no frame. Never throws: a run whose events cannot be written goes on untraced.
     */
    public Chunk row(List<EngineEvent> runEvents) {
        String instanceId = runEvents.get(0).instanceId();
        RunTrace run = runs.computeIfAbsent(instanceId, id -> new RunTrace());
        if (run.early) {
            return writtenUpTo(
                    run, instanceId, runEvents.get(runEvents.size() - 1).sequence());
        }
        if (run.level == TraceLevel.NONE) {
            return null;
        }
        try {
            StringBuilder events = new StringBuilder(1024).append('[');
            long first = 0;
            long last = 0;
            for (EngineEvent e : runEvents) {
                if (TracedEvents.append(e, run.level, run.appName, events)) {
                    first = first == 0 ? e.sequence() : first;
                    last = e.sequence();
                }
            }
            return first == 0 ? null : chunk(instanceId, first, last, run.level, events);
        } catch (RuntimeException e) {
            untraced(run, instanceId, e);
            return null;
        }
    }

    /** The events an announced run published up to {@code sequence} (those of the batch). */
    private static Chunk writtenUpTo(RunTrace run, String instanceId, long sequence) {
        StringBuilder events = new StringBuilder(1024).append('[');
        long first = 0;
        long last = 0;
        synchronized (run) {
            while (!run.written.isEmpty() && run.written.peek().sequence() <= sequence) {
                Written w = run.written.poll();
                if (first == 0) {
                    first = w.sequence();
                } else {
                    events.append(',');
                }
                events.append(w.json());
                last = w.sequence();
            }
        }
        if (first == 0 || run.level == TraceLevel.NONE) {
            return null;
        }
        return chunk(instanceId, first, last, run.level, events);
    }

    private static Chunk chunk(String instanceId, long first, long last, TraceLevel level, StringBuilder events) {
        return new Chunk(
                instanceId,
                first,
                last,
                level,
                DeflatedText.deflate(events.append(']').toString()));
    }

    private static void untraced(RunTrace run, String instanceId, RuntimeException e) {
        LOG.log(Level.SEVERE, "the trace of run " + instanceId + " cannot be written; it goes on untraced", e);
        run.level = TraceLevel.NONE;
    }

    /** The run ended (or its history was refused): drop what is kept of it. */
    public void forget(String instanceId) {
        runs.remove(instanceId);
    }

    /**
     * The rows' insert, as a common table expression for the statement that a commit's first try
     * writes its other rows with: the trace rows then cost the commit no round trip of their own. Its
     * five parameters, each an array, are bound by {@link #bindRows}.
     */
    public static final String INSERT_ROWS = "with traced as (insert into trace_event"
            + " (instance_id, seq, last_seq, level, events_deflated)"
            + " select * from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::varchar[], ?::bytea[])) ";

    /** Binds the rows to {@link #INSERT_ROWS}'s parameters, from {@code first}; returns the next parameter. */
    public static int bindRows(PreparedStatement ps, int first, List<Chunk> chunks) throws SQLException {
        ps.setObject(first, chunks.stream().map(Chunk::instanceId).toArray(String[]::new));
        ps.setObject(first + 1, chunks.stream().mapToLong(Chunk::seq).toArray());
        ps.setObject(first + 2, chunks.stream().mapToLong(Chunk::lastSeq).toArray());
        ps.setObject(first + 3, chunks.stream().map(c -> c.level().wire()).toArray(String[]::new));
        ps.setObject(first + 4, chunks.stream().map(Chunk::deflated).toArray(byte[][]::new));
        return first + 5;
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
        try (PreparedStatement ps = c.prepareStatement("insert into trace_event (instance_id, seq, last_seq, level,"
                + " events_deflated) values (?, ?, ?, ?, ?) on conflict do nothing")) {
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
                            "the trace of run " + chunk.instanceId() + " is refused; it goes on untraced",
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
        ps.setString(4, chunk.level().wire());
        ps.setBytes(5, chunk.deflated());
    }

    private boolean isExpected(String instanceId) {
        RunTrace run = runs.get(instanceId);
        return run != null && run.described;
    }
}
