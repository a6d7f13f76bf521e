package io.aiworkflow.engine.cluster;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.execution.ResumePoint;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import io.aiworkflow.engine.support.Projections;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resume fold: how {@link WaitingRunResumer} rebuilds a run that waited for a person from what
 * history recorded of it (ended node runs, when its nodes began to wait), and that a run so rebuilt
 * from a real database goes on where it stopped and is recorded to its end without losing an event.
 */
class ResumeFromHistoryTest {

    private final Engines engines = new Engines();

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    private static StoredEvent stored(long seq, String json) {
        return new StoredEvent(seq, J.obj(json));
    }

    /** WaitingRunResumer's private fold of the recorded node runs, by scope (reflection: no other way in). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, ResumePoint.EndedNode>> endedByScope(List<InstanceStore.EndedNodeRun> rows)
            throws Exception {
        Method fold = WaitingRunResumer.class.getDeclaredMethod("endedNodeRuns", List.class);
        fold.setAccessible(true);
        return (Map<String, Map<String, ResumePoint.EndedNode>>) fold.invoke(null, rows);
    }

    @Test
    void anIterationOfAParallelLoopStillWaitingKeepsItsDeadlineWhenAnotherIsAnswered() throws Exception {
        var db = Postgres.migrated();
        InstanceStore instances = new InstanceStore(db);
        long team = Postgres.team();
        String app = Postgres.app(team, "full");
        Caller owner = new Caller(3L, "ada", team, Role.editor);
        FunctionDesign d = design().start(param("items", "Array", true))
                .node("loop", ForEach, var("items", "input.items"), fixed("parallelism", 2))
                .node(
                        "review",
                        TestNode.TYPE,
                        var("echo", "loop.item"),
                        fixed("needHumanConfirm", true),
                        fixed("confirmTimeoutMs", 3_600_000))
                .end(var("results", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "review", "body")
                .edge("loop", "end")
                .build();
        JsonObject parameters = J.obj("{'items':['a','b']}");
        String id = UUID.randomUUID().toString();
        instances.open(id, app, team, "design-1", 1, parameters, owner, "parallel-wait", Instant.now());
        HistoryWriter history = new HistoryWriter(db, Projections.daemons(), "parallel-wait");
        history.start();
        try {
            RecordingSink sink = new RecordingSink();
            RunHandle run = engines.executor.start(
                    new RunRequest(id, app, 1, team, owner.userId(), d, parameters),
                    Projections.to(sink, history::onEvent));
            Eventually.assertTrue(() -> sink.all(WaitingForHuman.class).size() == 2, "both iterations wait");
            run.confirm("review", true, null); // answers the first one waiting
            Eventually.assertTrue(() -> sink.lines().contains("NodeFinished loop.review"), "one iteration goes on");
            history.whenWritten(id).get(10, TimeUnit.SECONDS);
            int answered = sink.first(NodeStarted.class, "loop.review").node().loopIndex();
            WaitingChanged.WaitingNode stillWaiting = sink.all(WaitingChanged.class).get(1).waiting().stream()
                    .filter(w -> w.node().loopIndex() != answered)
                    .findFirst()
                    .orElseThrow();

            assertEquals(
                    Map.of(stillWaiting.node().scope() + "review", stillWaiting.since()),
                    instances.recordedWait(id).waitingSince(),
                    "its deadline runs on from when it began to wait");
            run.cancel();
        } finally {
            history.stop();
        }
    }

    @Test
    void recordedNodeRunsBecomeTheOutcomesTheResumedRunRebuildsFrom() throws Exception {
        Map<String, Map<String, ResumePoint.EndedNode>> ended = endedByScope(List.of(
                new InstanceStore.EndedNodeRun("", "start", true, J.obj("{'x':1}"), null, null),
                new InstanceStore.EndedNodeRun("", "cond", true, J.obj("{}"), "yes", null),
                new InstanceStore.EndedNodeRun("", "risky", false, null, null, new RunError("UPSTREAM_DOWN", "503")),
                new InstanceStore.EndedNodeRun("", "odd", false, null, null, null),
                new InstanceStore.EndedNodeRun("", "array", true, J.json("[1]"), null, null),
                new InstanceStore.EndedNodeRun("loop#1[2]/", "prep", true, J.obj("{'echo':'y'}"), null, null),
                new InstanceStore.EndedNodeRun("loop#2[1]/", "prep", true, J.obj("{'echo':'retried'}"), null, null)));

        Map<String, ResumePoint.EndedNode> top = ended.get("");
        assertEquals(new ResumePoint.EndedNode(true, J.obj("{'x':1}"), null), top.get("start"));
        assertEquals(new ResumePoint.EndedNode(true, J.obj("{}"), "yes"), top.get("cond"), "the branch it took");
        assertEquals(
                new ResumePoint.EndedNode(false, J.obj("{'error':{'code':'UPSTREAM_DOWN','message':'503'}}"), null),
                top.get("risky"),
                "a failure comes back as the error its onError routes");
        assertEquals(
                new ResumePoint.EndedNode(false, J.obj("{'error':{'code':'NODE_ERROR','message':''}}"), null),
                top.get("odd"));
        assertEquals(new ResumePoint.EndedNode(true, null, null), top.get("array"), "only an object is an output");
        assertEquals(
                Set.of("", "loop#1[1]/"),
                ended.keySet(),
                "only the latest attempt of the loop counts, renamed its first (RecordedOutcomes)");
        assertEquals(
                J.obj("{'echo':'retried'}"), ended.get("loop#1[1]/").get("prep").output());
    }

    @Test
    void aRunWaitingInALoopResumesFromItsDatabaseRecordWhereItStopped() throws Exception {
        var db = Postgres.migrated();
        InstanceStore instances = new InstanceStore(db);
        long team = Postgres.team();
        String app = Postgres.app(team, "full");
        Caller owner = new Caller(3L, "ada", team, Role.editor);
        FunctionDesign d = design().start(param("items", "Array", true))
                .node("loop", ForEach, var("items", "input.items"))
                .node("prep", TestNode.TYPE, var("echo", "loop.item"))
                .node("review", TestNode.TYPE, var("echo", "prep.echo"), fixed("needHumanConfirm", true))
                .end(var("results", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "prep", "body")
                .edge("prep", "review")
                .edge("loop", "end")
                .build();
        JsonObject parameters = J.obj("{'items':['x','y','z']}");
        String id = UUID.randomUUID().toString();
        RunRequest request = new RunRequest(id, app, 1, team, owner.userId(), d, parameters);
        instances.open(id, app, team, "design-1", 1, parameters, owner, "resume-test-old", Instant.now());

        // the old server: the first iteration is answered, the second waits, then the server stops
        HistoryWriter oldHistory = new HistoryWriter(db, Projections.daemons(), "resume-test-old");
        oldHistory.start();
        AtomicBoolean up = new AtomicBoolean(true);
        RecordingSink before = new RecordingSink();
        RunHandle first = engines.executor.start(request, Projections.to(before, e -> {
            if (up.get()) {
                oldHistory.onEvent(e);
            }
        }));
        Eventually.assertTrue(() -> before.all(WaitingForHuman.class).size() == 1, "the first iteration waits");
        first.confirm("review", true, J.obj("{'echo':'x, approved'}"));
        Eventually.assertTrue(() -> before.all(WaitingForHuman.class).size() == 2, "the second iteration waits");
        oldHistory.whenWritten(id).get(10, TimeUnit.SECONDS);
        List<EngineEvent> recordedBefore = before.events().stream()
                .filter(e -> ApiEvents.toJson(e).isPresent())
                .toList();
        up.set(false);
        oldHistory.stop();
        first.cancel(); // nothing of its end reaches the database: the server is gone

        // the new server (a new id, a fresh writer) takes the run over and rebuilds it as WaitingRunResumer does
        String newServer = "resume-test-new";
        HistoryWriter newHistory = new HistoryWriter(db, Projections.daemons(), newServer);
        newHistory.start();
        try {
            assertTrue(instances.claimWaiting(id, newServer));
            var closed = newHistory.whenClosed(id);
            List<StoredEvent> events = instances.eventsAfter(id, 0);
            Instance recorded = instances.get(owner, id);
            InstanceStore.RecordedWait wait = instances.recordedWait(id);
            assertEquals(events.get(events.size() - 1).seq(), wait.lastSequence());
            ResumePoint point = new ResumePoint(
                    wait.lastSequence() + WaitingRunResumer.RESUME_SEQUENCE_GAP,
                    recorded.startTime().toInstant(),
                    endedByScope(instances.endedNodeRuns(id)),
                    wait.waitingSince());

            WaitingChanged.WaitingNode secondWait = before.all(WaitingChanged.class).stream()
                    .filter(WaitingChanged::isWaiting)
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .waiting()
                    .get(0);
            assertEquals(
                    Map.of(secondWait.node().scope() + "review", secondWait.since()),
                    point.waitingSince(),
                    "the waiting set as history stored it");
            assertEquals(
                    J.obj("{'echo':'y','attempt':1}"),
                    point.endedByScope().get("loop#1[2]/").get("prep").output());

            RecordingSink after = new RecordingSink();
            RunHandle resumed = engines.executor.resume(request, point, Projections.to(after, newHistory::onEvent));
            Eventually.assertTrue(() -> after.all(WaitingForHuman.class).size() == 1, "it waits again");
            WaitingForHuman again = after.all(WaitingForHuman.class).get(0);
            assertEquals(2, again.node().loopIndex(), "in the second iteration");
            assertEquals(J.obj("{'echo':'y'}"), again.inputs(), "from the second iteration's recorded prep");
            resumed.confirm("review", true, null);
            Eventually.assertTrue(() -> after.all(WaitingForHuman.class).size() == 2, "the third iteration waits");
            resumed.confirm("review", true, null);
            WorkflowFinished finished = (WorkflowFinished) resumed.await(Duration.ofSeconds(10));
            closed.get(10, TimeUnit.SECONDS);

            JsonObject result = J.obj("{'results':[{'echo':'x, approved','attempt':1},{'echo':'y','attempt':1},"
                    + "{'echo':'z','attempt':1}]}");
            assertEquals(result, finished.result());
            assertEquals(
                    1,
                    after.lines().stream()
                            .filter(l -> l.equals("NodeStarted loop.prep"))
                            .count(),
                    "only the third iteration's prep runs again: " + after.lines());

            Instance done = instances.get(owner, id);
            assertEquals("Completed", done.state());
            assertEquals(result, done.result());
            assertEquals(newServer, Postgres.first("select server_id from workflow_instance where id = ?", id));
            assertEquals(
                    List.of(
                            "loop.prep loop#1[1]/",
                            "loop.prep loop#1[2]/",
                            "loop.prep loop#1[3]/",
                            "loop.review loop#1[1]/",
                            "loop.review loop#1[2]/",
                            "loop.review loop#1[3]/"),
                    iterations(id),
                    "each iteration's node runs recorded once, by either server");
            List<Long> sequences = new ArrayList<>();
            recordedBefore.forEach(e -> sequences.add(e.sequence()));
            after.events().stream()
                    .filter(e -> ApiEvents.toJson(e).isPresent())
                    .forEach(e -> sequences.add(e.sequence()));
            assertEquals(
                    sequences,
                    instances.eventsAfter(id, 0).stream().map(StoredEvent::seq).toList(),
                    "every event of both servers is stored, none lost to a reused sequence number");
        } finally {
            newHistory.stop();
        }
    }

    /** "invokeId scope" of the loop body's node executions, sorted. */
    private static List<String> iterations(String id) {
        return Postgres.rows(
                        "select invoke_id, scope from node_execution where instance_id = ? and invoke_id like 'loop.%'"
                                + " order by invoke_id, scope",
                        id)
                .stream()
                .map(r -> r.get(0) + " " + r.get(1))
                .toList();
    }
}
