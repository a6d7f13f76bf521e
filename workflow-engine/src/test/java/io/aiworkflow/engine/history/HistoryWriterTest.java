package io.aiworkflow.engine.history;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import io.aiworkflow.engine.support.Projections;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import io.aiworkflow.engine.trace.TraceRecorder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history projection against a real PostgreSQL, fed with real engine events: what a user reads
 * back of a run (its row, node executions, replayable events) is what the engine did, whatever
 * ended it, and whoever else touched the row meanwhile.
 */
class HistoryWriterTest {

    private static final String SERVER = "history-test-server-a";
    private static final String OTHER_SERVER = "history-test-server-b";

    private static DataSource db;
    private static HistoryWriter history;
    /** the runs {@link #history} inserts with their first rows */
    private static final PendingInstances pending = new PendingInstances();

    private static InstanceStore instances;
    private static long team;
    private static String app;
    private static Caller owner;

    /** This server's engine: a run is its own while the row says so, as ServerRunLease checks it. */
    private final Engines engines = new Engines(id -> instances.lease(id, SERVER), new ModelNode());

    @BeforeAll
    static void database() {
        db = Postgres.migrated();
        instances = new InstanceStore(db);
        history = new HistoryWriter(db, Projections.daemons(), SERVER, pending, null);
        history.start();
        team = Postgres.team();
        app = Postgres.app(team, "full");
        owner = new Caller(41L, "ada", team, Role.editor);
        // a database that refuses one run's rows for good (SQLState 23514), whatever the batch
        Postgres.update("""
                create or replace function refuse_poison() returns trigger language plpgsql as $$
                begin
                    if new.node_key = 'poison' then
                        raise exception 'node % refused', new.node_key using errcode = 'check_violation';
                    end if;
                    return new;
                end $$""");
        Postgres.update("drop trigger if exists refuse_poison on node_execution");
        Postgres.update("create trigger refuse_poison before insert on node_execution"
                + " for each row execute function refuse_poison()");
    }

    @AfterAll
    static void stop() {
        history.stop();
    }

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    /** An AiChat stand-in: answers with the token usage its inputs name, or fails with their message. */
    static final class ModelNode implements NodeBehavior {
        @Override
        public NodeType type() {
            return NodeType.AiChat;
        }

        @Override
        public NodeOutput run(NodeInput in, NodeContext ctx) {
            in.string("fail").ifPresent(message -> {
                throw new NodeFailure("MODEL_ERROR", message);
            });
            long prompt = in.number("promptTokens").map(Double::longValue).orElse(0L);
            long completion =
                    in.number("completionTokens").map(Double::longValue).orElse(0L);
            return new NodeOutput(
                    Jsons.object().add("answer", "ok").build(), TokenUsage.chat(prompt, completion), null);
        }
    }

    /** A run of this server: its row opened as RunService opens it, its events going to the history writer. */
    private final class Started {
        final String id;
        final RecordingSink sink = new RecordingSink();
        final CompletableFuture<Void> closed;
        RunHandle handle;

        /** Set when the history writer inserts the run's row with its first rows. */
        CompletableFuture<WrittenRun> opened;

        Started(String id, HistoryWriter writer, JsonObject parameters) {
            this.id = id;
            this.closed = writer.whenClosed(id);
            instances.open(id, app, team, "design-1", 3, parameters, owner, SERVER, Instant.now());
        }

        /** Its row registered with {@code openings}, as RunService does for a caller that waits for the answer. */
        Started(String id, HistoryWriter writer, JsonObject parameters, PendingInstances openings) {
            this.id = id;
            this.closed = writer.whenClosed(id);
            this.opened = openings.register(row(id, parameters, Instant.now(), RunLineage.NONE));
        }

        Started run(FunctionDesign design, JsonObject parameters, HistoryWriter writer) {
            handle = engines.executor.start(
                    new RunRequest(id, app, 3, team, owner.userId(), design, parameters),
                    Projections.to(sink, writer::onEvent));
            return this;
        }

        /** The run as the API reads it, once its terminal event is written. */
        Instance recorded() throws Exception {
            closed.get(10, TimeUnit.SECONDS);
            return instances.get(owner, id);
        }

        /** The run as the API reads it, once every event published so far is written. */
        Instance written() throws Exception {
            history.whenWritten(id).get(10, TimeUnit.SECONDS);
            return instances.get(owner, id);
        }

        EngineEvent terminal() throws Exception {
            return handle.await(Duration.ofSeconds(10));
        }
    }

    /** A run's row as RunService builds it for a caller that waits for the answer. */
    private static NewInstance row(String id, JsonObject parameters, Instant start, RunLineage lineage) {
        return new NewInstance(
                id, app, team, "design-1", 3, parameters, owner, SERVER, start, RunOrigin.API, null, lineage);
    }

    private Started start(FunctionDesign design, JsonObject parameters) {
        return new Started(UUID.randomUUID().toString(), history, parameters).run(design, parameters, history);
    }

    private static FunctionDesign echo() {
        return design().start(param("x", "String", true))
                .node("t", TestNode.TYPE, var("echo", "input.x"))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
    }

    /** A run whose node rows the database refuses (see the trigger set up above). */
    private static FunctionDesign poisoned() {
        return design().start()
                .node("poison", TestNode.TYPE, fixed("echo", "x"))
                .end()
                .chain("start", "poison", "end")
                .build();
    }

    /** PostgreSQL keeps microseconds; the driver rounds the nanoseconds to them. */
    private static Instant micros(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond(), (t.getNano() + 500L) / 1000 * 1000);
    }

    /** "key State" of each node run that ended, in the order the engine reported them. */
    private static List<String> endedNodes(RecordingSink sink) {
        List<String> lines = new ArrayList<>();
        for (EngineEvent e : sink.events()) {
            if (e instanceof NodeFinished f) {
                lines.add(f.node().nodeKey() + " Completed");
            } else if (e instanceof NodeFailed f) {
                lines.add(f.node().nodeKey() + " Failed");
            } else if (e instanceof NodeSkipped s) {
                lines.add(s.node().nodeKey() + " Skipped");
            }
        }
        return lines;
    }

    private static List<String> rows(Instance recorded) {
        return recorded.nodeExecutions().stream()
                .map(n -> n.nodeKey() + " " + n.state())
                .toList();
    }

    /** The stored events are the engine's events that have an API form, by sequence, as clients get them. */
    private static void assertEventsAsPublished(RecordingSink sink, List<StoredEvent> stored) {
        List<EngineEvent> api = sink.events().stream()
                .filter(e -> ApiEvents.toJson(e).isPresent())
                .toList();
        assertEquals(
                api.stream().map(EngineEvent::sequence).toList(),
                stored.stream().map(StoredEvent::seq).toList());
        for (int i = 0; i < api.size(); i++) {
            assertEquals(
                    ApiEvents.toJson(api.get(i)).orElseThrow(), stored.get(i).payload(), "event " + api.get(i));
        }
    }

    private static String type(StoredEvent e) {
        return e.payload().getString("type");
    }

    private static long terminalEvents(List<StoredEvent> stored) {
        return stored.stream()
                .map(HistoryWriterTest::type)
                .filter(t -> t.equals("workflow_complete") || t.equals("workflow_error"))
                .count();
    }

    @Test
    void aFinishedRunIsRecordedAsItRan() throws Exception {
        Started run = start(echo(), J.obj("{'x':'hello'}"));
        Instance recorded = run.recorded();
        WorkflowFinished finished = (WorkflowFinished) run.terminal();

        assertEquals("Completed", recorded.state());
        assertEquals(J.obj("{'echo':'hello'}"), recorded.result());
        assertEquals(finished.result(), recorded.result());
        assertEquals(finished.durationMs(), recorded.duration());
        assertEquals(micros(finished.timestamp()), recorded.endTime().toInstant());
        assertNull(recorded.error());
        assertEquals(J.obj("{'x':'hello'}"), recorded.parameters());
        assertEquals("ada", recorded.startedBy());
        assertEquals(3, recorded.version());

        assertEquals(List.of("start Completed", "t Completed", "end Completed"), rows(recorded));
        List<NodeFinished> ended = run.sink.all(NodeFinished.class);
        for (int i = 0; i < ended.size(); i++) {
            NodeFinished f = ended.get(i);
            NodeExecution row = recorded.nodeExecutions().get(i);
            assertEquals(f.inputs(), row.input(), f.node().nodeKey());
            assertEquals(f.outputs(), row.output(), f.node().nodeKey());
            assertEquals(f.durationMs(), row.duration(), f.node().nodeKey());
            assertEquals(
                    micros(f.startTime()), row.startTime().toInstant(), f.node().nodeKey());
            assertEquals(
                    micros(f.timestamp()), row.endTime().toInstant(), f.node().nodeKey());
            assertEquals(f.node().nodeName(), row.nodeName());
            assertEquals(f.node().nodeType(), row.nodeType());
            assertEquals(1, row.attempt());
        }

        List<StoredEvent> stored = instances.eventsAfter(run.id, 0);
        assertEventsAsPublished(run.sink, stored);
        assertEquals("workflow_complete", type(stored.get(stored.size() - 1)));
        assertEquals(1, terminalEvents(stored));
        assertEquals(
                stored.subList(3, stored.size()),
                instances.eventsAfter(run.id, stored.get(2).seq()),
                "a client reconnecting with Last-Event-ID gets what followed");
        assertEquals(
                List.of(),
                instances.eventsAfter(run.id, stored.get(stored.size() - 1).seq()));
    }

    @Test
    void aRunWhoseRowGoesInWithItsFirstRowsIsRecordedAsItRan() throws Exception {
        Started run = new Started(UUID.randomUUID().toString(), history, J.obj("{'x':'hi'}"), pending)
                .run(echo(), J.obj("{'x':'hi'}"), history);
        Instance recorded = run.recorded();
        WorkflowFinished finished = (WorkflowFinished) run.terminal();

        assertTrue(run.opened.isDone(), "its row is committed");
        assertEquals("Completed", recorded.state());
        assertEquals(J.obj("{'echo':'hi'}"), recorded.result());
        assertEquals(finished.durationMs(), recorded.duration());
        assertEquals(micros(finished.timestamp()), recorded.endTime().toInstant());
        assertEquals(J.obj("{'x':'hi'}"), recorded.parameters());
        assertEquals("ada", recorded.startedBy());
        assertEquals(3, recorded.version());
        assertEquals(List.of("start Completed", "t Completed", "end Completed"), rows(recorded));
        List<StoredEvent> stored = instances.eventsAfter(run.id, 0);
        assertEventsAsPublished(run.sink, stored);
        assertEquals(1, terminalEvents(stored));
        assertNull(pending.of(run.id), "nothing is kept of it");
    }

    @Test
    void aRunWhoseRowGoesInWithItsFirstRowsWaitsAndEndsLater() throws Exception {
        FunctionDesign d = design().start()
                .node("legal", TestNode.TYPE, fixed("echo", "l"), fixed("needHumanConfirm", true))
                .end(var("l", "legal.echo"))
                .chain("start", "legal", "end")
                .build();
        Started run = new Started(UUID.randomUUID().toString(), history, Jsons.EMPTY_OBJECT, pending)
                .run(d, Jsons.EMPTY_OBJECT, history);
        Eventually.assertTrue(() -> !run.sink.all(WaitingForHuman.class).isEmpty(), "it waits");

        assertEquals("Waiting", run.written().state(), "its row went in with its first rows");
        assertTrue(run.opened.isDone());
        assertNull(Postgres.first("select end_time from workflow_instance where id = ?", run.id));

        run.handle.confirm("legal", true, null);
        Instance recorded = run.recorded();
        assertEquals("Completed", recorded.state());
        assertEquals(J.obj("{'l':'l'}"), recorded.result());
        assertEquals(1, terminalEvents(instances.eventsAfter(run.id, 0)));
    }

    @Test
    void aRefusedRunWhoseRowWasToGoInWithItsRowsIsStillRecordedFailed() throws Exception {
        Projections.Gate gate = new Projections.Gate(); // all its events in one batch: the row is never in
        PendingInstances openings = new PendingInstances();
        HistoryWriter gated = new HistoryWriter(db, gate, SERVER, openings, null);
        gated.start();
        try {
            Started run = new Started(UUID.randomUUID().toString(), gated, Jsons.EMPTY_OBJECT, openings)
                    .run(poisoned(), Jsons.EMPTY_OBJECT, gated);
            assertTrue(run.terminal() instanceof WorkflowFinished);
            gate.open();
            Instance refused = run.recorded();

            assertTrue(run.opened.isDone(), "whoever waits for its row is released");
            assertEquals("Failed", refused.state());
            assertEquals(HistoryWriter.HISTORY_REJECTED, refused.error().code());
            assertEquals(J.obj("{}"), refused.parameters(), "its row is as it began");
            assertEquals(List.of(), refused.nodeExecutions(), "none of its rows, as one transaction");
            assertEquals(
                    List.of("workflow_error"),
                    instances.eventsAfter(run.id, 0).stream()
                            .map(HistoryWriterTest::type)
                            .toList());
        } finally {
            gated.stop();
        }
    }

    @Test
    void aFailedRunIsRecordedWithItsErrors() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node(
                        "t",
                        TestNode.TYPE,
                        var("echo", "input.x"),
                        fixed("failTimes", 1),
                        fixed("failCode", "UPSTREAM_DOWN"))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        Started run = start(d, J.obj("{'x':'hello'}"));
        Instance recorded = run.recorded();
        WorkflowFailed failed = (WorkflowFailed) run.terminal();

        assertEquals("Failed", recorded.state());
        assertEquals(failed.code(), recorded.error().code());
        assertEquals(failed.message(), recorded.error().message());
        assertNull(recorded.result());
        assertEquals(failed.durationMs(), recorded.duration());
        assertEquals(endedNodes(run.sink), rows(recorded));
        NodeExecution t = recorded.nodeExecutions().stream()
                .filter(n -> n.nodeKey().equals("t"))
                .findFirst()
                .orElseThrow();
        assertEquals("Failed", t.state());
        assertEquals(new InstanceViews.RunError("UPSTREAM_DOWN", "planned failure 1"), t.error());
        assertEquals(run.sink.first(NodeFailed.class, "t").inputs(), t.input());
        assertNull(t.output());

        List<StoredEvent> stored = instances.eventsAfter(run.id, 0);
        assertEventsAsPublished(run.sink, stored);
        StoredEvent last = stored.get(stored.size() - 1);
        assertEquals("workflow_error", type(last));
        assertEquals(failed.code(), last.payload().getJsonObject("error").getString("code"));
        assertEquals(1, terminalEvents(stored));
    }

    @Test
    void aRetriedNodeIsRecordedOnceWithTheAttemptThatEndedIt() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node(
                        "t",
                        TestNode.TYPE,
                        var("echo", "input.x"),
                        fixed("failTimes", 1),
                        fixed("retry", J.obj("{'count':2}")))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        Started run = start(d, J.obj("{'x':'again'}"));
        Instance recorded = run.recorded();

        assertEquals("Completed", recorded.state());
        assertEquals(endedNodes(run.sink), rows(recorded));
        List<NodeExecution> t = recorded.nodeExecutions().stream()
                .filter(n -> n.nodeKey().equals("t"))
                .toList();
        // failed attempts that were retried are error traces (TraceRecorderTest), not node executions
        assertEquals(
                List.of("Completed 2"),
                t.stream().map(n -> n.state() + " " + n.attempt()).toList());
        assertEquals(J.obj("{'echo':'again','attempt':2}"), t.get(0).output());
    }

    @Test
    void aCanceledRunIsRecordedAsCanceled() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node("t", TestNode.TYPE, var("echo", "input.x"), fixed("sleepMs", 10_000))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        Started run = start(d, J.obj("{'x':'slow'}"));
        Eventually.assertTrue(() -> run.sink.lines().contains("NodeStarted t"), "t runs");

        run.handle.cancel();
        Instance recorded = run.recorded();

        assertEquals("Canceled", recorded.state());
        assertEquals("CANCELED", recorded.error().code());
        assertEquals(endedNodes(run.sink), rows(recorded));
        List<StoredEvent> stored = instances.eventsAfter(run.id, 0);
        assertEventsAsPublished(run.sink, stored);
        assertEquals(
                "CANCELED",
                stored.get(stored.size() - 1).payload().getJsonObject("error").getString("code"));
        assertEquals(1, terminalEvents(stored));
    }

    @Test
    void tokensAreRecordedPerNodeAndForTheRun() throws Exception {
        FunctionDesign d = design().start()
                .node("draft", NodeType.AiChat, fixed("promptTokens", 120), fixed("completionTokens", 30))
                .node("review", NodeType.AiChat, fixed("promptTokens", 200), fixed("completionTokens", 7))
                .end(var("answer", "review.answer"))
                .chain("start", "draft", "review", "end")
                .build();
        Started run = start(d, Jsons.EMPTY_OBJECT);
        Instance recorded = run.recorded();
        WorkflowFinished finished = (WorkflowFinished) run.terminal();

        for (NodeFinished f : run.sink.all(NodeFinished.class)) {
            NodeExecution row = recorded.nodeExecutions().stream()
                    .filter(n -> n.nodeKey().equals(f.node().nodeKey()))
                    .findFirst()
                    .orElseThrow();
            TokenUsage u = f.usage();
            assertEquals(
                    new InstanceViews.Tokens(
                            u.promptTokens(),
                            u.completionTokens(),
                            u.totalTokens(),
                            u.embeddingTokens(),
                            u.rerankTokens()),
                    row.tokens(),
                    f.node().nodeKey());
        }
        assertEquals(new InstanceViews.Tokens(320, 37, 357, 0, 0), recorded.tokens());
        TokenUsage total = finished.usage();
        assertEquals(
                new InstanceViews.Tokens(
                        total.promptTokens(),
                        total.completionTokens(),
                        total.totalTokens(),
                        total.embeddingTokens(),
                        total.rerankTokens()),
                recorded.tokens());
    }

    @Test
    void aRunIsWaitingWhileAnyNodeWaitsAndNeedsNoLeaseMeanwhile() throws Exception {
        FunctionDesign d = design().start()
                .node("legal", TestNode.TYPE, fixed("echo", "l"), fixed("needHumanConfirm", true))
                .node("finance", TestNode.TYPE, fixed("echo", "f"), fixed("needHumanConfirm", true))
                .end(var("l", "legal.echo"), var("f", "finance.echo"))
                .edge("start", "legal")
                .edge("start", "finance")
                .edge("legal", "end")
                .edge("finance", "end")
                .build();
        Started run = new Started(UUID.randomUUID().toString(), history, Jsons.EMPTY_OBJECT);
        assertTrue(instances.lease(run.id, SERVER), "a running run of this server can be leased");
        run.run(d, Jsons.EMPTY_OBJECT, history);
        Eventually.assertTrue(() -> run.sink.all(WaitingForHuman.class).size() == 2, "both wait");

        assertEquals("Waiting", run.written().state());
        assertNull(
                Postgres.first("select lease_until from workflow_instance where id = ?", run.id),
                "waiting, the run is released at once for another server to take over");

        run.handle.confirm("legal", true, null);
        Eventually.assertTrue(() -> run.sink.lines().contains("NodeFinished legal"), "legal goes on");
        assertEquals("Waiting", run.written().state(), "finance still waits");

        run.handle.confirm("finance", true, null);
        Instance recorded = run.recorded();
        assertEquals("Completed", recorded.state());
        assertEquals(J.obj("{'l':'l','f':'f'}"), recorded.result());
        assertEquals(
                2,
                instances.eventsAfter(run.id, 0).stream()
                        .filter(e -> type(e).equals("workflow_waiting"))
                        .count());
    }

    @Test
    void aRunAnotherServerTookOverIsLeftToIt() throws Exception {
        FunctionDesign d = design().start()
                .node("t", TestNode.TYPE, fixed("echo", "x"), fixed("needHumanConfirm", true))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        Started run = start(d, Jsons.EMPTY_OBJECT);
        Eventually.assertTrue(() -> !run.sink.all(WaitingForHuman.class).isEmpty(), "t waits");
        assertEquals("Waiting", run.written().state());
        long lastRecorded = instances.eventsAfter(run.id, 0).stream()
                .mapToLong(StoredEvent::seq)
                .max()
                .orElseThrow();

        // this server stopped beating (it has no heartbeat row): another one takes the waiting run
        assertTrue(instances.claimWaiting(run.id, OTHER_SERVER));
        WorkflowException answer = assertThrows(WorkflowException.class, () -> run.handle.confirm("t", true, null));
        assertEquals(ErrorCode.CONFLICT, answer.code(), "this server no longer holds the run");
        run.closed.get(10, TimeUnit.SECONDS);

        assertEquals(RunState.WAITING, instances.stateOf(owner, run.id));
        assertEquals(OTHER_SERVER, Postgres.first("select server_id from workflow_instance where id = ?", run.id));
        assertEquals(List.of(), instances.eventsAfter(run.id, lastRecorded), "nothing recorded after the take-over");
        assertFalse(rows(instances.get(owner, run.id)).contains("t Failed"));
    }

    /**
     * The old copy's end is guarded ({@code server_id = ?}), and so is its waiting-set update: when
     * it aborts its waiting node, the row (now the other server's) stays 'Waiting'. Otherwise the run
     * would no longer count as waiting (the adopter and a confirm or cancel on a third server look for
     * 'Waiting'), and should its new server stop, the heartbeat sweep would fail it INTERRUPTED.
     */
    @Test
    void aRunTakenOverWhileABranchStillRanIsNotSetRunningByTheOldServer() throws Exception {
        FunctionDesign d = design().start()
                .node("wait", TestNode.TYPE, fixed("echo", "w"), fixed("needHumanConfirm", true))
                .node("busy", TestNode.TYPE, fixed("sleepMs", 400), fixed("failTimes", 1))
                .end(var("w", "wait.echo"))
                .edge("start", "wait")
                .edge("start", "busy")
                .edge("wait", "end")
                .edge("busy", "end")
                .build();
        Started run = start(d, Jsons.EMPTY_OBJECT);
        Eventually.assertTrue(() -> !run.sink.all(WaitingForHuman.class).isEmpty(), "wait waits");
        assertEquals("Waiting", run.written().state());

        // this server stalled (no heartbeat) while 'busy' still ran: another server takes the waiting run
        assertTrue(instances.claimWaiting(run.id, OTHER_SERVER));
        // then 'busy' fails here, which ends this server's copy of the run (and aborts its 'wait')
        assertTrue(run.terminal() instanceof WorkflowFailed, run.sink.lines().toString());
        run.closed.get(10, TimeUnit.SECONDS);

        assertEquals(OTHER_SERVER, Postgres.first("select server_id from workflow_instance where id = ?", run.id));
        assertEquals(
                RunState.WAITING,
                instances.stateOf(owner, run.id),
                "the other server's run still waits for its confirmation, and must be listed (and adopted) as such");
    }

    @Test
    void aRunClosedMeanwhileIsNotOverwrittenWhenItsCopyHereEnds() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node("t", TestNode.TYPE, var("echo", "input.x"), fixed("sleepMs", 300))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        Started run = start(d, J.obj("{'x':'late'}"));
        Eventually.assertTrue(() -> run.sink.lines().contains("NodeStarted t"), "t runs");

        // this server looked gone: the heartbeat sweep closes its run, as ServerHeartbeat.sweep() does
        int swept = instances.update(InstanceStore.failWithFinalEvent("i.id = ? and i.state = 'Running'"), ps -> {
            ps.setString(1, "INTERRUPTED");
            ps.setString(2, "the server running this workflow stopped before it finished");
            ps.setString(3, run.id);
        });
        assertEquals(1, swept);
        assertTrue(run.terminal() instanceof WorkflowFinished, "the copy here still finishes");
        Instance recorded = run.recorded();

        assertEquals("Failed", recorded.state());
        assertEquals("INTERRUPTED", recorded.error().code());
        assertNull(recorded.result());
        List<StoredEvent> stored = instances.eventsAfter(run.id, 0);
        assertEquals(1, terminalEvents(stored), "one outcome per run: " + stored);
        assertEquals(
                "INTERRUPTED",
                stored.get(stored.size() - 1).payload().getJsonObject("error").getString("code"));
    }

    @Test
    void nulCharactersAreDroppedFromTextNotTheRun() throws Exception {
        // keys and names cannot hold one: a design with it is refused when it is read
        FunctionDesign d = design().start()
                .node("say", TestNode.TYPE, fixed("echo", "a\0b"))
                .node("m", NodeType.AiChat, fixed("fail", "quota\0exceeded"))
                .end()
                .chain("start", "say", "m", "end")
                .build();
        Started run = start(d, Jsons.EMPTY_OBJECT);
        Instance recorded = run.recorded();
        WorkflowFailed failed = (WorkflowFailed) run.terminal();
        NodeFailed m = run.sink.first(NodeFailed.class, "m");
        assertTrue(m.message().contains("\0"), "the engine reports the text as the node gave it");

        assertEquals("Failed", recorded.state());
        assertEquals(failed.code(), recorded.error().code(), "the run's own failure, not a refused history");
        assertEquals(failed.message().replace("\0", ""), recorded.error().message());
        assertEquals(List.of("start Completed", "say Completed", "m Failed"), rows(recorded));
        assertEquals(
                Jsons.object().add("echo", "a\0b").add("attempt", 1).build(),
                recorded.nodeExecutions().get(1).output(),
                "inside JSON a NUL is escaped, and kept");
        assertEquals(
                new InstanceViews.RunError("MODEL_ERROR", "quotaexceeded"),
                recorded.nodeExecutions().get(2).error());
        assertEventsAsPublished(run.sink, instances.eventsAfter(run.id, 0));
    }

    @Test
    void aRunWhoseRowsTheDatabaseRefusesIsFailedAloneAndTheOthersInItsBatchAreKept() throws Exception {
        Projections.Gate gate = new Projections.Gate();
        HistoryWriter gated = new HistoryWriter(db, gate, SERVER);
        gated.start();
        try {
            String[] ids = Projections.oneLane(); // one lane, so one batch once the gate opens
            Started good = new Started(ids[0], gated, Jsons.EMPTY_OBJECT);
            Started bad = new Started(ids[1], gated, Jsons.EMPTY_OBJECT);
            good.run(
                    design().start()
                            .node("t", TestNode.TYPE, fixed("echo", "fine"))
                            .end(var("echo", "t.echo"))
                            .chain("start", "t", "end")
                            .build(),
                    Jsons.EMPTY_OBJECT,
                    gated);
            bad.run(poisoned(), Jsons.EMPTY_OBJECT, gated);
            assertTrue(good.terminal() instanceof WorkflowFinished);
            assertTrue(bad.terminal() instanceof WorkflowFinished);

            gate.open();
            Instance kept = good.recorded();
            Instance refused = bad.recorded();

            assertEquals("Completed", kept.state());
            assertEquals(endedNodes(good.sink), rows(kept));
            assertEventsAsPublished(good.sink, instances.eventsAfter(good.id, 0));

            assertEquals("Failed", refused.state());
            assertEquals(HistoryWriter.HISTORY_REJECTED, refused.error().code());
            assertTrue(
                    refused.error().message().contains("reference"),
                    refused.error().message());
            assertEquals(List.of(), refused.nodeExecutions(), "none of its rows, as one transaction");
            List<StoredEvent> events = instances.eventsAfter(bad.id, 0);
            assertEquals(
                    List.of("workflow_error"),
                    events.stream().map(HistoryWriterTest::type).toList(),
                    "a final event tells replaying clients how it ended");
            assertEquals(
                    HistoryWriter.HISTORY_REJECTED,
                    events.get(0).payload().getJsonObject("error").getString("code"));
        } finally {
            gated.stop();
        }
    }

    @Test
    void writingTheSameEventsAgainRecordsNothingTwice() throws Exception {
        String id = UUID.randomUUID().toString();
        instances.open(id, app, team, "design-1", 3, J.obj("{'x':'once'}"), owner, SERVER, Instant.now());
        RecordingSink sink = new RecordingSink();
        engines.executor.runToEnd(
                new RunRequest(id, app, 3, team, owner.userId(), echo(), J.obj("{'x':'once'}")),
                sink,
                Duration.ofSeconds(10));

        history.write(untraced(sink.events()), false);
        history.write(untraced(sink.events()), true); // a batch retried after its commit was not acknowledged
        history.write(untraced(sink.events().subList(2, sink.events().size())), true);

        Instance recorded = instances.get(owner, id);
        assertEquals("Completed", recorded.state());
        assertEquals(List.of("start Completed", "t Completed", "end Completed"), rows(recorded));
        List<StoredEvent> stored = instances.eventsAfter(id, 0);
        assertEventsAsPublished(sink, stored);
        assertEquals(1, terminalEvents(stored));
    }

    /**
     * The events of one run, written as the engine would report them, with what the columns cut or
     * round: nanoseconds, a NUL in a message, over-long names and codes, loop scopes, a skipped and
     * a failed node, tokens, and numbers in JSON.
     */
    private static List<EngineEvent> runWithEverythingACommitRounds(String id, Instant t0) {
        NodeRef start = NodeRef.top("start", "Start", "Start", null);
        NodeRef inLoop = new NodeRef("a", "Ask\0me", "AiChat", "loop.a", "loop", "loop", 2, null, "loop#1[2]/");
        NodeRef skipped = NodeRef.top("no", "No", "DataProcess", "start");
        NodeRef failing = NodeRef.top("call", "Call", "Plugin", "start");
        NodeRef longNamed = NodeRef.top("big", "n".repeat(300), "DataProcess", "start");
        JsonObject numbers = Jsons.object()
                .add("half", 1.5)
                .add("big", 1e20)
                .add("count", 7)
                .add("text", "a\0b é")
                .build();
        return List.of(
                new NodeFinished(
                        1,
                        id,
                        t0.plusNanos(1_500),
                        start,
                        Jsons.EMPTY_OBJECT,
                        numbers,
                        t0,
                        0,
                        TokenUsage.NONE,
                        null,
                        1),
                new NodeFinished(
                        2,
                        id,
                        t0.plusNanos(2_000_499),
                        inLoop,
                        numbers,
                        Jsons.object().add("answer", "ok").build(),
                        t0.plusNanos(999_999_999),
                        2,
                        TokenUsage.chat(12, 5),
                        null,
                        2,
                        "earlier-run-node-7"),
                new NodeSkipped(3, id, t0.plusMillis(3), skipped),
                new NodeFailed(
                        4,
                        id,
                        t0.plusMillis(4),
                        failing,
                        numbers,
                        "X".repeat(150),
                        "quota\0exceeded",
                        t0.plusMillis(3),
                        1,
                        true,
                        1),
                new NodeFinished(
                        5,
                        id,
                        t0.plusMillis(5),
                        longNamed,
                        numbers,
                        numbers,
                        t0.plusMillis(4),
                        1,
                        TokenUsage.NONE,
                        "big",
                        1),
                new WorkflowFinished(6, id, t0.plusMillis(6), numbers, 6, TokenUsage.chat(12, 5)));
    }

    @Test
    void aRunWrittenWholeInOneCommitIsHandedOnAsAReadOfItGivesItBack() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2026-12-04T10:15:30.123456789Z");
        RunLineage lineage = RunLineage.replayOf(UUID.randomUUID().toString())
                .inBulk(UUID.randomUUID().toString(), 4, UUID.randomUUID().toString())
                .scheduled(UUID.randomUUID().toString(), t0.minusNanos(1));
        CompletableFuture<WrittenRun> opened = pending.register(row(id, J.obj("{'x':1.0}"), t0, lineage));

        history.write(untraced(runWithEverythingACommitRounds(id, t0)), false);

        Instance written = opened.get(10, TimeUnit.SECONDS).instance();
        Instance read = instances.get(owner, id);
        assertEquals(read, written);
        assertEquals(
                List.of("start Completed", "a Completed", "no Skipped", "call Failed", "big Completed"), rows(read));
        assertEquals("2", read.nodeExecutions().get(1).iteration(), "the loop iteration, from its scope");
        assertEquals(
                Instant.parse("2026-12-04T10:15:30.123457Z"),
                written.startTime().toInstant(),
                "to the microsecond, as stored");
    }

    @Test
    void aCommitWithATracedEventButNoApiEventStoresIt() throws Exception {
        String id = UUID.randomUUID().toString();
        instances.open(id, app, team, "design-1", 1, Jsons.EMPTY_OBJECT, owner, SERVER, Instant.now());
        HistoryWriter traced = new HistoryWriter(db, Projections.daemons(), SERVER, pending, new TraceRecorder(db));
        // a node's trace call: a frame, but no API event to carry it in the events' statement
        List<EngineEvent> events = List.of(new NodeTraced(
                1,
                id,
                Instant.now(),
                NodeRef.top("t", "T", "Plugin", "start"),
                J.obj("{'step':'fetch'}"),
                NodeTraced.Kind.DATA));

        traced.write(traced.prepare(events), false);

        assertEquals(List.of(), instances.eventsAfter(id, 0));
        assertEquals(
                List.of(List.of("1", "1", "full")),
                Postgres.rows("select seq, last_seq, level from trace_event where instance_id = ?", id));
        JsonObject frame = new TraceStore(db, instances)
                .trace(owner, id)
                .getJsonArray("frames")
                .getJsonObject(0);
        assertEquals("running", frame.getJsonObject("payload").getString("status"));
        assertEquals(
                J.json("[{'step':'fetch'}]"), frame.getJsonObject("payload").get("onInvokeData"));
    }

    @Test
    void aRunWrittenOverSeveralCommitsIsHandedOnAsWrittenOnceItsEndIsIn() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2026-12-04T10:15:30.123456789Z");
        CompletableFuture<WrittenRun> opened = pending.register(row(id, J.obj("{'x':1.0}"), t0, RunLineage.NONE));
        List<EngineEvent> events = runWithEverythingACommitRounds(id, t0);

        history.write(untraced(events.subList(0, 2)), false);
        WrittenRun written = opened.get(10, TimeUnit.SECONDS);
        assertNull(written.instance(), "its row is in, but not its end");
        history.write(untraced(events.subList(2, 4)), false);
        assertNull(written.instance(), "nor yet with more of its node rows");
        history.write(untraced(events.subList(4, events.size())), false);

        Instance read = instances.get(owner, id);
        assertEquals("Completed", read.state());
        assertEquals(read, written.instance());
    }

    @Test
    void aRunThatAnotherServerHoldsAtItsEndIsReadBackNotHandedOn() throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<WrittenRun> opened =
                pending.register(row(id, Jsons.EMPTY_OBJECT, Instant.now(), RunLineage.NONE));
        List<EngineEvent> events = runWithEverythingACommitRounds(id, Instant.now());

        history.write(untraced(events.subList(0, 2)), false);
        // taken over meanwhile: this server's end statement no longer applies
        Postgres.update("update workflow_instance set server_id = 'another server' where id = ?", id);
        history.write(untraced(events.subList(2, events.size())), false);

        assertEquals("Running", instances.get(owner, id).state());
        assertNull(opened.get(10, TimeUnit.SECONDS).instance(), "its end is not what was written");
    }

    @Test
    void manyConcurrentRunsAreEachRecordedCompletely() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node("a", TestNode.TYPE, var("echo", "input.x"))
                .node("b", TestNode.TYPE, var("echo", "a.echo"))
                .node("c", TestNode.TYPE, var("echo", "b.echo"))
                .end(var("echo", "c.echo"))
                .chain("start", "a", "b", "c", "end")
                .build();
        List<Started> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            runs.add(start(d, J.obj("{'x':'run " + i + "'}")));
        }
        CompletableFuture.allOf(runs.stream().map(r -> r.closed).toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);

        // one query for all: each run's state, result, node executions in order and stored event sequences
        List<List<String>> rows =
                Postgres.rows("""
                select i.id, i.state, i.result,
                       (select string_agg(n.node_key || ' ' || n.state, ',' order by n.seq) from node_execution n
                         where n.instance_id = i.id),
                       (select string_agg(e.seq::text, ',' order by e.seq) from instance_event e where e.instance_id = i.id)
                  from workflow_instance i where i.id = any(?) order by i.id""", (Object) runs.stream().map(r -> r.id).toArray(String[]::new));
        assertEquals(runs.size(), rows.size());
        for (List<String> row : rows) {
            int i = runs.stream().map(r -> r.id).toList().indexOf(row.get(0));
            Started run = runs.get(i);
            assertEquals("Completed", row.get(1), run.id);
            assertEquals(J.obj("{'echo':'run " + i + "'}"), J.json(row.get(2)));
            assertEquals("start Completed,a Completed,b Completed,c Completed,end Completed", row.get(3));
            assertEquals(
                    run.sink.events().stream()
                            .filter(e -> ApiEvents.toJson(e).isPresent())
                            .map(e -> Long.toString(e.sequence()))
                            .collect(Collectors.joining(",")),
                    row.get(4));
        }
    }

    @Test
    void aRunWaitsAgainAtItsNextConfirmation() throws Exception {
        FunctionDesign d = design().start()
                .node("first", TestNode.TYPE, fixed("echo", "1"), fixed("needHumanConfirm", true))
                .node("second", TestNode.TYPE, var("echo", "first.echo"), fixed("needHumanConfirm", true))
                .end(var("echo", "second.echo"))
                .chain("start", "first", "second", "end")
                .build();
        Started run = start(d, Jsons.EMPTY_OBJECT);
        Eventually.assertTrue(() -> run.sink.all(WaitingForHuman.class).size() == 1, "first waits");
        assertEquals("Waiting", run.written().state());

        run.handle.confirm("first", true, null);
        Eventually.assertTrue(() -> run.sink.all(WaitingForHuman.class).size() == 2, "second waits");
        assertEquals("Waiting", run.written().state(), "waiting again after 'first' ran");

        run.handle.confirm("second", true, null);
        assertEquals("Completed", run.recorded().state());
    }

    /** Rows as the writer's batch prepares them for runs of an app that keeps no trace. */
    private static List<HistoryWriter.RunRows> untraced(List<EngineEvent> events) {
        return List.of(new HistoryWriter.RunRows(events, null));
    }
}
