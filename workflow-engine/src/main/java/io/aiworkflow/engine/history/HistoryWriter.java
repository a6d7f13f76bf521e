package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.ObserverOrder;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.projection.BatchingProjectionWriter;
import io.aiworkflow.engine.projection.ColumnText;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import io.aiworkflow.engine.trace.TraceRecorder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The history projection: runs, node executions (each recorded as it finishes) and the API events
 * for replay, written in batches by {@link BatchingProjectionWriter}; a run's row is closed by its
 * terminal event. Inserts are idempotent, so a retried batch writes nothing twice. A run registered
 * in {@link PendingInstances} gets its row with its first rows, in the same commit; when its end is
 * in that batch too, the row is inserted ended, in one statement. The run's traced events ({@link
 * TraceRecorder}) go into the same commit.
 */
@ApplicationScoped
public class HistoryWriter extends BatchingProjectionWriter<HistoryWriter.RunRows> {

    /** What one batch writes of a run: its events, and its trace row (null when none is kept). */
    protected record RunRows(List<EngineEvent> events, TraceRecorder.Chunk traced) {}

    /** Writer lanes: PostgreSQL work spreads over this many connections (and cores). */
    private static final int LANES = Settings.current().intValue(Setting.HISTORY_WRITERS, 2);

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Resource
    private ManagedThreadFactory threadFactory;

    private ThreadFactory threadSource;

    /** Error code of a run whose history the database refused. */
    public static final String HISTORY_REJECTED = "HISTORY_REJECTED";

    @Inject
    private Event<HistoryRejected> rejected;

    @Inject
    private ServerIdentity identity;

    private String fixedServerId;

    @Inject
    private PendingInstances pendingInstances;

    @Inject
    private TraceRecorder traces;

    /**
     * Runs whose row this writer inserted and whose end it has not written yet, as written so far: a
     * caller waiting for such a run's answer gets it without reading it back. A run's events all go
     * to one lane, so only that lane touches its entry.
     */
    private final Map<String, WrittenRun> unended = new ConcurrentHashMap<>();

    /** For CDI. */
    public HistoryWriter() {}

    /** As below, opening no run itself and keeping no trace. */
    public HistoryWriter(DataSource dataSource, ThreadFactory threads, String serverId) {
        this(dataSource, threads, serverId, new PendingInstances(), null);
    }

    /**
     * Outside the container (benchmarks): a plain data source and thread factory, the server id its
     * runs are opened with, the runs it opens and the trace it keeps ({@code null}: none); call
     * {@link #start()}.
     */
    public HistoryWriter(
            DataSource dataSource,
            ThreadFactory threads,
            String serverId,
            PendingInstances pendingInstances,
            TraceRecorder traces) {
        this.dataSource = dataSource;
        this.threadSource = threads;
        this.fixedServerId = serverId;
        this.pendingInstances = pendingInstances;
        this.traces = traces;
    }

    private String serverId() {
        return fixedServerId != null ? fixedServerId : identity.serverId();
    }

    @PostConstruct
    public void start() {
        startLanes(threadSource != null ? threadSource : threadFactory, "history-writer", LANES);
    }

    @Override
    @PreDestroy
    public void stop() {
        super.stop();
    }

    /**
     * First of the observers: live streams wait for what this one records. An announced run's traced
     * events are written here, on the thread that publishes the event.
     */
    public void onEvent(@Observes @Priority(ObserverOrder.HISTORY) EngineEvent event) {
        if (traces != null) {
            traces.record(event);
        }
        enqueue(event);
    }

    @Override
    protected void beforeBatch(List<EngineEvent> batch) {
        if (traces != null) {
            traces.describe(batch);
        }
    }

    @Override
    protected List<RunRows> prepare(List<EngineEvent> runEvents) {
        return List.of(new RunRows(runEvents, traces == null ? null : traces.row(runEvents)));
    }

    /**
     * The run's rows are refused: it is recorded Failed (HISTORY_REJECTED, with a final event for
     * replays) and the engine is told to stop it, so what clients see agrees with its history.
     */
    @Override
    protected void quarantine(String instanceId, String reference) {
        String message = "the run's history could not be stored and the run was stopped; reference " + reference;
        NewInstance unopened = pendingInstances.of(instanceId);
        try (Connection c = dataSource.getConnection()) {
            if (unopened != null) {
                try (PreparedStatement open = c.prepareStatement(openingSql(false, true))) {
                    unopened.bind(open, RunState.RUNNING.wire());
                    open.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    InstanceStore.failWithFinalEvent("i.id = ? and i.state in ('Running', 'Waiting')"))) {
                ps.setString(1, HISTORY_REJECTED);
                ps.setString(2, message);
                ps.setString(3, instanceId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording run " + instanceId + " as Failed failed", e);
        } finally {
            unended.remove(instanceId);
            pendingInstances.opened(instanceId);
            if (traces != null) {
                traces.forget(instanceId);
            }
            if (rejected != null) {
                rejected.fireAsync(new HistoryRejected(instanceId, HISTORY_REJECTED, message));
            }
        }
    }

    /** Its row was written with an earlier batch, or never will be: release who waits for it. */
    @Override
    protected void forget(String instanceId) {
        unended.remove(instanceId);
        pendingInstances.opened(instanceId);
        if (traces != null) {
            traces.forget(instanceId);
        }
    }

    /** Inserts a run's row; {@code ended}: with the columns of its end too; {@code again}: unless it is there. */
    private static String openingSql(boolean ended, boolean again) {
        return (ended ? NewInstance.insert(RunOutcome.COLUMNS, RunOutcome.COLUMN_COUNT) : NewInstance.insert("", 0))
                + (again ? " on conflict (id) do nothing" : "");
    }

    @Override
    protected void write(List<RunRows> runs, boolean again) throws SQLException {
        List<EngineEvent> batch = new ArrayList<>();
        List<TraceRecorder.Chunk> traced = new ArrayList<>();
        for (RunRows run : runs) {
            batch.addAll(run.events());
            if (run.traced() != null) {
                traced.add(run.traced());
            }
        }
        // the runs whose row goes in with these rows, and the end of those that end in them
        Map<String, NewInstance> opening = new LinkedHashMap<>();
        Map<String, RunOutcome> openedEnded = new LinkedHashMap<>();
        // the node rows of the runs kept as written, and the runs whose guarded end statements are sent
        Map<String, List<NodeRow>> keptNodes = new HashMap<>();
        List<Map.Entry<String, RunOutcome>> endedByStatement = new ArrayList<>();
        for (EngineEvent e : batch) {
            NewInstance unopened = pendingInstances.of(e.instanceId());
            if (unopened != null) {
                opening.putIfAbsent(e.instanceId(), unopened);
                RunOutcome outcome = RunOutcome.of(e);
                if (outcome != null) {
                    openedEnded.put(e.instanceId(), outcome);
                }
            }
        }
        ApiEventRows eventRows = new ApiEventRows();
        // a first try's trace rows ride in the statement that writes the events: no round trip of their own
        boolean traceRides = traces != null && !again;
        int[] endCounts;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement opens = c.prepareStatement(openingSql(true, again));
                    PreparedStatement events = c.prepareStatement(
                            ApiEventRows.insert(traceRides ? TraceRecorder.INSERT_ROWS : "", again));
                    PreparedStatement nodes = c.prepareStatement(
                            NodeRow.INSERT + (again ? " on conflict (instance_id, seq) do nothing" : ""));
                    PreparedStatement states = c.prepareStatement(
                            // waiting again, the run needs no lease (InstanceStore.lease): its step is recorded
                            "update workflow_instance set state = ?, waiting_nodes = ?, lease_until = case when ? = 'Waiting'"
                                    + " then null else lease_until end where id = ? and state in ('Running', 'Waiting')"
                                    // a server that lost the run (taken over) must not set it back
                                    + " and server_id = ?");
                    PreparedStatement ends = c.prepareStatement(
                            // guarded: only a run still active and still this server's is ended here, and its
                            // terminal event is written only by the update that ended it (one outcome per run)
                            "with ended as (update workflow_instance set state = ?, result = ?, error_code = ?,"
                                    + " error_message = ?, end_time = ?, duration_ms = ?, prompt_tokens = ?,"
                                    + " completion_tokens = ?, total_tokens = ?, embedding_tokens = ?, rerank_tokens = ?, waiting_nodes = null"
                                    + " where id = ? and state in ('Running', 'Waiting') and server_id = ? returning id)"
                                    + " insert into instance_event (instance_id, seq, payload)"
                                    + " select id, ?, ? from ended on conflict do nothing")) {
                for (NewInstance n : opening.values()) {
                    addOpening(opens, n, openedEnded.get(n.id()));
                }
                for (EngineEvent e : batch) {
                    if (e instanceof WaitingChanged w) {
                        addWaiting(states, w, serverId());
                    }
                    // an end is written by the statement that ends the run, unless the run's row is inserted ended
                    RunOutcome outcome = openedEnded.containsKey(e.instanceId()) ? null : RunOutcome.of(e);
                    if (outcome == null) {
                        ApiEvents.toJson(e).ifPresent(json -> eventRows.add(e, Jsons.write(json)));
                    } else {
                        addEnd(ends, e, outcome);
                        endedByStatement.add(Map.entry(e.instanceId(), outcome));
                    }
                    NodeRow node = NodeRow.of(e);
                    if (node != null) {
                        node.bind(nodes);
                        if (opening.containsKey(e.instanceId()) || unended.containsKey(e.instanceId())) {
                            keptNodes
                                    .computeIfAbsent(e.instanceId(), id -> new ArrayList<>())
                                    .add(node);
                        }
                    }
                }
                opens.executeBatch();
                int parameter = traceRides ? TraceRecorder.bindRows(events, 1, traced) : 1;
                eventRows.bind(events, parameter);
                if (!eventRows.isEmpty() || (traceRides && !traced.isEmpty())) {
                    events.executeUpdate();
                }
                nodes.executeBatch();
                states.executeBatch();
                endCounts = ends.executeBatch();
                if (traces != null && !traceRides) {
                    traces.writeAgain(c, traced);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        handOn(batch, opening, openedEnded, keptNodes, endedByStatement, endCounts);
    }

    /**
     * After the commit: each run whose row went in is handed to who waits for it, as written so far,
     * and kept until its end, which a later commit writes; a run whose end this commit wrote is
     * complete. A run is no longer kept once it waits for a person (it may wait for days), has too
     * many node rows, or its end was not this server's to write: its answer is then read back.
     */
    private void handOn(
            List<EngineEvent> batch,
            Map<String, NewInstance> opening,
            Map<String, RunOutcome> openedEnded,
            Map<String, List<NodeRow>> keptNodes,
            List<Map.Entry<String, RunOutcome>> endedByStatement,
            int[] endCounts) {
        for (Map.Entry<String, List<NodeRow>> rows : keptNodes.entrySet()) {
            WrittenRun run = unended.get(rows.getKey());
            if (run != null && !run.add(rows.getValue())) {
                unended.remove(rows.getKey());
            }
        }
        for (int i = 0; i < endedByStatement.size(); i++) {
            WrittenRun run = unended.remove(endedByStatement.get(i).getKey());
            // the guarded statement inserts the end's event only when it ended the run
            if (run != null && i < endCounts.length && endCounts[i] == 1) {
                run.ended(endedByStatement.get(i).getValue());
            }
        }
        for (NewInstance n : opening.values()) {
            RunOutcome end = openedEnded.get(n.id());
            WrittenRun written = new WrittenRun(n, end, keptNodes.getOrDefault(n.id(), List.of()));
            if (end == null) {
                unended.put(n.id(), written);
            }
            pendingInstances.opened(n.id(), written);
        }
        for (EngineEvent e : batch) {
            if (e instanceof WaitingChanged w && w.isWaiting()) {
                unended.remove(e.instanceId());
            }
        }
    }

    /** A run's row: Running, or ended when its end is in the same batch ({@code ended} not null). */
    private static void addOpening(PreparedStatement ps, NewInstance instance, RunOutcome ended) throws SQLException {
        RunOutcome outcome = ended == null ? RunOutcome.RUNNING : ended;
        instance.bind(ps, outcome.state().wire());
        outcome.bind(ps, NewInstance.COLUMN_COUNT + 1);
        ps.addBatch();
    }

    /** The run is 'Waiting' while any of its node runs waits for a person, 'Running' otherwise. */
    private static void addWaiting(PreparedStatement states, WaitingChanged w, String serverId) throws SQLException {
        String state = (w.isWaiting() ? RunState.WAITING : RunState.RUNNING).wire();
        states.setString(1, state);
        states.setString(2, w.isWaiting() ? WaitingNodes.toColumn(w.waiting()) : null);
        states.setString(3, state);
        states.setString(4, w.instanceId());
        states.setString(5, serverId);
        states.addBatch();
    }

    private void addEnd(PreparedStatement ps, EngineEvent end, RunOutcome outcome) throws SQLException {
        ps.setString(1, outcome.state().wire());
        outcome.bind(ps, 2);
        ps.setString(12, end.instanceId());
        ps.setString(13, serverId());
        ps.setLong(14, end.sequence());
        ps.setString(15, ColumnText.clean(Jsons.write(ApiEvents.toJson(end).orElseThrow())));
        ps.addBatch();
    }
}
