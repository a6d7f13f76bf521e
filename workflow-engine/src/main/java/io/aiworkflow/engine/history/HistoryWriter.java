package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.NodeRunState;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.ObserverOrder;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.projection.BatchingProjectionWriter;
import io.aiworkflow.engine.projection.ColumnText;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
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
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The history projection: runs, node executions (each recorded as it finishes) and the API events
 * for replay, written in batches by {@link BatchingProjectionWriter}; a run's row is closed by its
 * terminal event. Inserts are idempotent, so a retried batch writes nothing twice. A run registered
 * in {@link PendingInstances} gets its row with its first rows, in the same commit; when its end is
 * in that batch too, the row is inserted ended, in one statement.
 */
@ApplicationScoped
public class HistoryWriter extends BatchingProjectionWriter<EngineEvent> {

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

    /** The columns an ended run's row has beyond those of {@link NewInstance}. */
    private static final String END_COLUMNS = "result, error_code, error_message, end_time, duration_ms,"
            + " prompt_tokens, completion_tokens, total_tokens, embedding_tokens, rerank_tokens";

    private static final int END_COLUMN_COUNT = 10;

    /** For CDI. */
    public HistoryWriter() {}

    /** As below, opening no run itself. */
    public HistoryWriter(DataSource dataSource, ThreadFactory threads, String serverId) {
        this(dataSource, threads, serverId, new PendingInstances());
    }

    /**
     * Outside the container (benchmarks): a plain data source and thread factory, the server id its
     * runs are opened with and the runs it opens; call {@link #start()}.
     */
    public HistoryWriter(
            DataSource dataSource, ThreadFactory threads, String serverId, PendingInstances pendingInstances) {
        this.dataSource = dataSource;
        this.threadSource = threads;
        this.fixedServerId = serverId;
        this.pendingInstances = pendingInstances;
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

    /** First of the observers: live streams wait for what this one records. */
    public void onEvent(@Observes @Priority(ObserverOrder.HISTORY) EngineEvent event) {
        enqueue(event);
    }

    @Override
    protected List<EngineEvent> prepare(List<EngineEvent> runEvents) {
        return runEvents;
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
            pendingInstances.opened(instanceId);
            if (rejected != null) {
                rejected.fireAsync(new HistoryRejected(instanceId, HISTORY_REJECTED, message));
            }
        }
    }

    /** Its row was written with an earlier batch, or never will be: release who waits for it. */
    @Override
    protected void forget(String instanceId) {
        pendingInstances.opened(instanceId);
    }

    /** Inserts a run's row; {@code ended}: with the columns of its end too; {@code again}: unless it is there. */
    private static String openingSql(boolean ended, boolean again) {
        return (ended ? NewInstance.insert(END_COLUMNS, END_COLUMN_COUNT) : NewInstance.insert("", 0))
                + (again ? " on conflict (id) do nothing" : "");
    }

    @Override
    protected void write(List<EngineEvent> batch, boolean again) throws SQLException {
        // the runs whose row goes in with these rows, and the end of those that end in them
        Map<String, NewInstance> opening = new LinkedHashMap<>();
        Map<String, Outcome> openedEnded = new LinkedHashMap<>();
        for (EngineEvent e : batch) {
            NewInstance unopened = pendingInstances.of(e.instanceId());
            if (unopened != null) {
                opening.putIfAbsent(e.instanceId(), unopened);
                Outcome outcome = Outcome.of(e);
                if (outcome != null) {
                    openedEnded.put(e.instanceId(), outcome);
                }
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement opens = c.prepareStatement(openingSql(true, again));
                    PreparedStatement events =
                            c.prepareStatement("insert into instance_event (instance_id, seq, payload) values (?, ?, ?)"
                                    + (again ? " on conflict do nothing" : ""));
                    PreparedStatement nodes = c.prepareStatement(
                            "insert into node_execution (instance_id, seq, node_key, invoke_id, node_name, node_type, state,"
                                    + " start_time, end_time, duration_ms, input, output, error_code, error_message, attempt,"
                                    + " branch, prompt_tokens, completion_tokens, total_tokens, embedding_tokens, rerank_tokens,"
                                    + " scope, reused_from) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                    + (again ? " on conflict (instance_id, seq) do nothing" : ""));
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
                    Outcome outcome = Outcome.of(e);
                    if (outcome == null || openedEnded.containsKey(e.instanceId())) {
                        // an end is written by the statement that ends the run, unless the run's row is inserted ended
                        ApiEvents.toJson(e).ifPresent(json -> addEvent(events, e, json.toString()));
                    } else {
                        addEnd(ends, e, outcome);
                    }
                    if (e instanceof NodeFinished f) {
                        addNode(
                                nodes,
                                f.instanceId(),
                                f.sequence(),
                                f.node(),
                                NodeRunState.COMPLETED,
                                f.startTime(),
                                f.timestamp(),
                                f.durationMs(),
                                f.inputs().toString(),
                                f.outputs().toString(),
                                null,
                                null,
                                f.attempt(),
                                f.branch(),
                                f.usage(),
                                f.reusedFrom());
                    } else if (e instanceof NodeFailed f) {
                        addNode(
                                nodes,
                                f.instanceId(),
                                f.sequence(),
                                f.node(),
                                NodeRunState.FAILED,
                                f.startTime(),
                                f.timestamp(),
                                f.durationMs(),
                                f.inputs() == null ? null : f.inputs().toString(),
                                null,
                                f.code(),
                                f.message(),
                                f.attempt(),
                                null,
                                TokenUsage.NONE,
                                null);
                    } else if (e instanceof NodeSkipped s) {
                        addNode(
                                nodes,
                                s.instanceId(),
                                s.sequence(),
                                s.node(),
                                NodeRunState.SKIPPED,
                                null,
                                null,
                                0,
                                null,
                                null,
                                null,
                                null,
                                0,
                                null,
                                TokenUsage.NONE,
                                null);
                    }
                }
                opens.executeBatch();
                events.executeBatch();
                nodes.executeBatch();
                states.executeBatch();
                ends.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        opening.keySet().forEach(pendingInstances::opened);
    }

    /** How a run ended, as its row records it; null for an event that does not end a run. */
    private record Outcome(
            RunState state,
            String result,
            String code,
            String message,
            Instant end,
            long durationMs,
            TokenUsage usage) {

        /** A run that has not ended. */
        static final Outcome RUNNING = new Outcome(RunState.RUNNING, null, null, null, null, 0, TokenUsage.NONE);

        static Outcome of(EngineEvent e) {
            if (e instanceof WorkflowFinished f) {
                return new Outcome(
                        RunState.COMPLETED,
                        f.result().toString(),
                        null,
                        null,
                        f.timestamp(),
                        f.durationMs(),
                        f.usage());
            } else if (e instanceof WorkflowFailed f) {
                return new Outcome(
                        RunState.FAILED, null, f.code(), f.message(), f.timestamp(), f.durationMs(), f.usage());
            } else if (e instanceof WorkflowCanceled f) {
                return new Outcome(
                        RunState.CANCELED,
                        null,
                        "CANCELED",
                        "the run was canceled",
                        f.timestamp(),
                        f.durationMs(),
                        f.usage());
            }
            return null;
        }

        /** Binds {@link #END_COLUMNS} in their order, from parameter {@code from}. */
        void bind(PreparedStatement ps, int from) throws SQLException {
            ps.setString(from, ColumnText.clean(result));
            ps.setString(from + 1, ColumnText.fit(code, 100));
            ps.setString(from + 2, ColumnText.clean(message));
            setTime(ps, from + 3, end);
            if (end == null) {
                ps.setNull(from + 4, Types.BIGINT);
            } else {
                ps.setLong(from + 4, durationMs);
            }
            setUsage(ps, from + 5, usage == null ? TokenUsage.NONE : usage);
        }
    }

    /** A run's row: Running, or ended when its end is in the same batch ({@code ended} not null). */
    private static void addOpening(PreparedStatement ps, NewInstance instance, Outcome ended) throws SQLException {
        Outcome outcome = ended == null ? Outcome.RUNNING : ended;
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

    private static void addEvent(PreparedStatement ps, EngineEvent e, String json) {
        try {
            ps.setString(1, e.instanceId());
            ps.setLong(2, e.sequence());
            ps.setString(3, ColumnText.clean(json));
            ps.addBatch();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void addNode(
            PreparedStatement ps,
            String instanceId,
            long seq,
            NodeRef n,
            NodeRunState state,
            Instant start,
            Instant end,
            long duration,
            String input,
            String output,
            String errorCode,
            String errorMessage,
            int attempt,
            String branch,
            TokenUsage u,
            String reusedFrom)
            throws SQLException {
        ps.setString(1, instanceId);
        ps.setLong(2, seq);
        ps.setString(3, ColumnText.fit(n.nodeKey(), 200));
        ps.setString(4, ColumnText.fit(n.invokeId(), 1000));
        ps.setString(5, ColumnText.fit(n.nodeName(), 200));
        ps.setString(6, ColumnText.fit(n.nodeType(), 50));
        ps.setString(7, state.wire());
        setTime(ps, 8, start);
        setTime(ps, 9, end);
        ps.setLong(10, duration);
        ps.setString(11, ColumnText.clean(input));
        ps.setString(12, ColumnText.clean(output));
        ps.setString(13, ColumnText.fit(errorCode, 100));
        ps.setString(14, ColumnText.clean(errorMessage));
        ps.setInt(15, attempt);
        ps.setString(16, ColumnText.fit(branch, 200));
        setUsage(ps, 17, u);
        ps.setString(22, n.scope() == null ? "" : ColumnText.clean(n.scope()));
        ps.setString(23, reusedFrom);
        ps.addBatch();
    }

    private void addEnd(PreparedStatement ps, EngineEvent end, Outcome outcome) throws SQLException {
        ps.setString(1, outcome.state().wire());
        outcome.bind(ps, 2);
        ps.setString(12, end.instanceId());
        ps.setString(13, serverId());
        ps.setLong(14, end.sequence());
        ps.setString(
                15, ColumnText.clean(ApiEvents.toJson(end).map(Object::toString).orElseThrow()));
        ps.addBatch();
    }

    private static void setUsage(PreparedStatement ps, int from, TokenUsage u) throws SQLException {
        ps.setLong(from, u.promptTokens());
        ps.setLong(from + 1, u.completionTokens());
        ps.setLong(from + 2, u.totalTokens());
        ps.setLong(from + 3, u.embeddingTokens());
        ps.setLong(from + 4, u.rerankTokens());
    }

    static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(instant));
        }
    }
}
