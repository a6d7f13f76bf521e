package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.catalog.WorkflowCatalog;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.node.builtin.SubWorkflowNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.Fields;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.domain.definition.NodeType.SubWorkflow;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run that waited for a person inside a ForEach iteration or a sub-workflow when its server
 * stopped resumes there: iterations and nodes that had ended are rebuilt from their records (their
 * scopes tell iterations apart), not run again.
 */
class ResumeInScopesTest {

    private static final FunctionDesign CHILD = design().start(param("q", "String", true))
            .node("prep", TestNode.TYPE, var("echo", "input.q"))
            .node("review", TestNode.TYPE, var("echo", "prep.echo"), fixed("needHumanConfirm", true))
            .end(var("r", "review.echo"))
            .chain("start", "prep", "review", "end")
            .build();
    private static final WorkflowCatalog CATALOG = (teamId, appId) ->
            Optional.of(new PublishedWorkflow("child", 1, CHILD)).filter(w -> appId.equals("child"));

    private final Engines engines = new Engines(new SubWorkflowNode(CATALOG));

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    /** What history would hold when the server stops: each ended node run's outcome by scope, the waits. */
    private static ResumePoint recorded(RecordingSink sink) {
        RecordedOutcomes ended = new RecordedOutcomes();
        Map<String, Instant> waiting = new HashMap<>();
        for (EngineEvent e : sink.events()) {
            if (e instanceof NodeFinished f) {
                ended.add(
                        f.node().scope(), f.node().nodeKey(), new ResumePoint.EndedNode(true, f.outputs(), f.branch()));
            } else if (e instanceof WaitingForHuman w) {
                waiting.putIfAbsent(w.node().invokeId(), w.timestamp());
            } else if (e instanceof NodeStarted s) {
                waiting.remove(s.node().invokeId());
            } else if (e instanceof NodeFailed f) {
                waiting.remove(f.node().invokeId());
            }
        }
        List<EngineEvent> all = sink.events();
        return new ResumePoint(all.get(all.size() - 1).sequence(), all.get(0).timestamp(), ended.byScope(), waiting);
    }

    private static void awaitWaits(RecordingSink sink, int count) throws InterruptedException {
        Eventually.assertTrue(() -> sink.all(WaitingForHuman.class).size() == count, "waits " + count + " times");
    }

    @Test
    void aRunWaitingInTheSecondIterationResumesThereAndKeepsTheFirst() throws Exception {
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
        RunRequest request = Engines.request(d, J.obj("{'items':['x','y','z']}"));
        RecordingSink before = new RecordingSink();
        RunHandle first = engines.executor.start(request, before);
        awaitWaits(before, 1);
        first.confirm("review", true, J.obj("{'echo':'x, approved'}"));
        awaitWaits(before, 2);
        ResumePoint point = recorded(before);
        first.cancel(); // the server stops

        RecordingSink after = new RecordingSink();
        RunHandle resumed = engines.executor.resume(request, point, after);
        awaitWaits(after, 1);
        WaitingForHuman again = after.all(WaitingForHuman.class).get(0);
        assertEquals("loop#1[2]/", again.node().scope(), "it waits in the second iteration again");
        assertEquals(2, again.node().loopIndex());
        assertEquals(J.obj("{'echo':'y'}"), again.inputs(), "from the second iteration's recorded prep");
        resumed.confirm("review", true, null);
        awaitWaits(after, 2);
        resumed.confirm("review", true, null);
        EngineEvent terminal = resumed.await(Duration.ofSeconds(10));

        assertEquals(
                List.of(
                        "NodeStarted loop",
                        "WaitingForHuman loop.review",
                        "NodeStarted loop.review",
                        "NodeFinished loop.review",
                        "NodeStarted loop.prep",
                        "NodeFinished loop.prep",
                        "WaitingForHuman loop.review",
                        "NodeStarted loop.review",
                        "NodeFinished loop.review",
                        "NodeFinished loop",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                after.lines(),
                "the first iteration, and the second's prep, are not run again");
        assertEquals(
                J.obj(
                        "{'results':[{'echo':'x, approved','attempt':1},{'echo':'y','attempt':1},{'echo':'z','attempt':1}]}"),
                ((WorkflowFinished) terminal).result());
    }

    @Test
    void aRunWaitingInASubWorkflowResumesThere() throws Exception {
        FunctionDesign d = design().start()
                .node("sub", SubWorkflow, fixed("appId", "child"), fixed("q", "hi"))
                .end(var("out", "sub.r"))
                .chain("start", "sub", "end")
                .build();
        RunRequest request = Engines.request(d, null);
        RecordingSink before = new RecordingSink();
        RunHandle first = engines.executor.start(request, before);
        awaitWaits(before, 1);
        ResumePoint point = recorded(before);
        first.cancel();

        RecordingSink after = new RecordingSink();
        RunHandle resumed = engines.executor.resume(request, point, after);
        awaitWaits(after, 1);
        assertEquals("sub#1/", after.all(WaitingForHuman.class).get(0).node().scope());
        resumed.confirm("review", true, J.obj("{'echo':'hi, approved'}"));
        EngineEvent terminal = resumed.await(Duration.ofSeconds(10));

        assertEquals(
                List.of(
                        "NodeStarted sub",
                        "WaitingForHuman sub.review",
                        "NodeStarted sub.review",
                        "NodeFinished sub.review",
                        "NodeStarted sub.end",
                        "NodeFinished sub.end",
                        "NodeFinished sub",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                after.lines(),
                "the sub-workflow's start and prep are not run again");
        assertEquals(J.obj("{'out':'hi, approved'}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void aSubWorkflowRetriedAfterItsConfirmationWasGivenAsksForItAgainAfterARestart() throws Exception {
        FunctionDesign child = design().start(param("q", "String", true))
                .node("review", TestNode.TYPE, var("echo", "input.q"), fixed("needHumanConfirm", true))
                .node("flaky", TestNode.TYPE, var("echo", "review.echo"), fixed("failTimes", 1))
                .end(var("r", "flaky.echo"))
                .chain("start", "review", "flaky", "end")
                .build();
        WorkflowCatalog catalog = (teamId, appId) -> Optional.of(new PublishedWorkflow("child", 1, child));
        try (Engines retrying = new Engines(new SubWorkflowNode(catalog))) {
            FunctionDesign d = design().start()
                    .node(
                            "sub",
                            SubWorkflow,
                            fixed("appId", "child"),
                            fixed("q", "hi"),
                            Fields.fixedJson("retry", "{'count':1,'backoffMs':1}"))
                    .end(var("out", "sub.r"))
                    .chain("start", "sub", "end")
                    .build();
            RunRequest request = Engines.request(d, null);
            RecordingSink before = new RecordingSink();
            RunHandle first = retrying.executor.start(request, before);
            awaitWaits(before, 1);
            first.confirm("review", true, J.obj("{'echo':'approved in attempt 1'}"));
            awaitWaits(before, 2); // flaky failed: attempt 2 of the sub-workflow asks again
            assertEquals(
                    "sub#2/", before.all(WaitingForHuman.class).get(1).node().scope());
            ResumePoint point = recorded(before);
            first.cancel();

            RecordingSink after = new RecordingSink();
            RunHandle resumed = retrying.executor.resume(request, point, after);
            awaitWaits(after, 1);
            assertEquals(
                    List.of("NodeStarted sub", "WaitingForHuman sub.review"),
                    after.lines(),
                    "the approval of the failed attempt does not count: the person is asked again");
            resumed.confirm("review", true, J.obj("{'echo':'approved again'}"));
            EngineEvent terminal = resumed.await(Duration.ofSeconds(10));
            assertEquals(J.obj("{'out':'approved again'}"), ((WorkflowFinished) terminal).result());
        }
    }

    @Test
    void aLongLoopWhoseIterationsHadEndedResumesAtItsLastOne() throws Exception {
        FunctionDesign d = design().start(param("items", "Array", true))
                .node("loop", ForEach, var("items", "input.items"))
                .node("t", TestNode.TYPE, var("echo", "loop.item"))
                .end(var("results", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "t", "body")
                .edge("loop", "end")
                .build();
        JsonArrayBuilder items = Json.createArrayBuilder();
        RecordedOutcomes ended =
                new RecordedOutcomes().add("", "start", new ResumePoint.EndedNode(true, J.obj("{}"), null));
        int count = 1_000; // the loop limit; all but the last iteration had ended
        for (int i = 1; i <= count; i++) {
            items.add("item " + i);
            if (i < count) {
                ended.add(
                        "loop#1[" + i + "]/",
                        "t",
                        new ResumePoint.EndedNode(true, J.obj("{'echo':'recorded " + i + "'}"), null));
            }
        }
        RunRequest request = Engines.request(
                d, Json.createObjectBuilder().add("items", items).build());

        RecordingSink after = new RecordingSink();
        EngineEvent terminal = engines.executor
                .resume(request, new ResumePoint(10, Instant.now(), ended.byScope(), Map.of()), after)
                .await(Duration.ofSeconds(20));

        assertEquals(
                List.of(
                        "NodeStarted loop",
                        "NodeStarted loop.t",
                        "NodeFinished loop.t",
                        "NodeFinished loop",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                after.lines());
        JsonArray results = ((WorkflowFinished) terminal).result().getJsonArray("results");
        assertEquals(count, results.size());
        assertEquals("recorded 999", results.getJsonObject(998).getString("echo"));
        assertEquals("item 1000", results.getJsonObject(999).getString("echo"));
    }
}
