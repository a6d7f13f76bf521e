package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ForEach: iteration order, invoke ids, loop indexes, parent chaining, parallelism, nesting, limits. */
class ForEachTest {

    private static FunctionDesign twoStepBody(Object parallelism) {
        return design().start(param("items", "Array", true))
                .node("loop", ForEach, var("items", "input.items"), fixed("parallelism", parallelism))
                .node("a", DataProcess, text("text", "{{loop.item}}!"), var("index", "loop.index"))
                .node("b", DataProcess, var("value", "a.text"))
                .end(var("results", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "a", "body")
                .edge("a", "b")
                .edge("loop", "end")
                .build();
    }

    @Test
    void sequentialLoopRunsTheBodyOncePerItemWithLoopInvokeIdsAndChainedParents() throws Exception {
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(twoStepBody(1), J.obj("{'items':['x','y']}"), sink);

            assertEquals(
                    List.of(
                            "WorkflowStarted",
                            "NodeStarted start",
                            "NodeFinished start",
                            "NodeStarted loop",
                            "NodeStarted loop.a",
                            "NodeFinished loop.a",
                            "NodeStarted loop.b",
                            "NodeFinished loop.b",
                            "NodeStarted loop.a",
                            "NodeFinished loop.a",
                            "NodeStarted loop.b",
                            "NodeFinished loop.b",
                            "NodeFinished loop",
                            "NodeStarted end",
                            "NodeFinished end",
                            "WorkflowFinished"),
                    sink.lines());
            assertEquals(J.obj("{'results':[{'value':'x!'},{'value':'y!'}]}"), ((WorkflowFinished) terminal).result());

            List<NodeRef> refs =
                    sink.all(NodeStarted.class).stream().map(NodeStarted::node).toList();
            NodeRef a1 = refs.get(2);
            NodeRef b1 = refs.get(3);
            NodeRef a2 = refs.get(4);
            assertEquals(new NodeRef("a", "A", "DataProcess", "loop.a", "loop", "loop", 1, null, "loop#1[1]/"), a1);
            assertEquals(new NodeRef("b", "B", "DataProcess", "loop.b", "loop.a", "loop", 1, null, "loop#1[1]/"), b1);
            assertEquals(new NodeRef("a", "A", "DataProcess", "loop.a", "loop.b", "loop", 2, null, "loop#1[2]/"), a2);
            assertEquals(
                    J.obj("{'text':'y!','index':1}"),
                    sink.all(NodeStarted.class).get(4).inputs(),
                    "loop.index is the 0-based array index");
            assertEquals(null, sink.first(NodeStarted.class, "loop").node().loopIndex());
            assertEquals("loop", sink.first(NodeStarted.class, "end").node().parentInvokeId());
        }
    }

    @Test
    void parallelLoopOverlapsIterationsAndKeepsResultsInItemOrder() throws Exception {
        FunctionDesign d = design().start(param("items", "Array", true))
                .node("loop", ForEach, var("items", "input.items"), fixed("parallelism", 3))
                .node("t", TestNode.TYPE, var("echo", "loop.item"), var("sleepMs", "loop.item"))
                .end(var("results", "loop.results"))
                .edge("start", "loop")
                .edge("loop", "t", "body")
                .edge("loop", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(d, J.obj("{'items':[300,50,200,10,100,20]}"), sink);

            JsonArray results = ((WorkflowFinished) terminal).result().getJsonArray("results");
            assertEquals(
                    List.of(300, 50, 200, 10, 100, 20),
                    results.stream().map(r -> r.asJsonObject().getInt("echo")).toList());
            assertEquals(3, engines.testNode.maxRunning.get());
            assertEquals(
                    List.of(1, 2, 3, 4, 5, 6),
                    sink.all(NodeStarted.class).stream()
                            .filter(s -> "loop.t".equals(s.node().invokeId()))
                            .map(s -> s.node().loopIndex())
                            .sorted()
                            .toList());
        }
    }

    @Test
    void nestedLoopsNestInvokeIdsAndResults() throws Exception {
        FunctionDesign d = design().start(param("rows", "Array", true))
                .node("outer", ForEach, var("items", "input.rows"))
                .node("inner", ForEach, var("items", "loop.item"))
                .node("x", DataProcess, var("v", "loop.item"))
                .end(var("results", "outer.results"))
                .edge("start", "outer")
                .edge("outer", "inner", "body")
                .edge("inner", "x", "body")
                .edge("outer", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(d, J.obj("{'rows':[[1,2],[3]]}"), sink);

            assertEquals(
                    J.json("[{'results':[{'v':1},{'v':2}]},{'results':[{'v':3}]}]"),
                    ((WorkflowFinished) terminal).result().get("results"));
            assertEquals(
                    List.of(
                            "NodeStarted outer",
                            "NodeStarted outer.inner",
                            "NodeStarted outer.inner.x",
                            "NodeStarted outer.inner.x",
                            "NodeStarted outer.inner",
                            "NodeStarted outer.inner.x"),
                    sink.lines(l -> l.startsWith("NodeStarted o")));
            List<NodeRef> xs = sink.all(NodeStarted.class).stream()
                    .map(NodeStarted::node)
                    .filter(r -> r.nodeKey().equals("x"))
                    .toList();
            assertEquals("outer.inner", xs.get(0).loopNodeId());
            assertEquals(List.of(1, 2, 1), xs.stream().map(NodeRef::loopIndex).toList());
            assertEquals(
                    List.of("outer.inner", "outer.inner.x", "outer.inner"),
                    xs.stream().map(NodeRef::parentInvokeId).toList());
            NodeRef inner2 = sink.all(NodeStarted.class).stream()
                    .map(NodeStarted::node)
                    .filter(r -> r.nodeKey().equals("inner"))
                    .toList()
                    .get(1);
            assertEquals("outer", inner2.loopNodeId());
            assertEquals(2, inner2.loopIndex());
        }
    }

    @Test
    void loopsNeverHoldAPoolThreadWhileTheirBodyRuns() throws Exception {
        // one pool thread, a parallel loop inside a parallel loop: would deadlock if loops waited on the pool
        FunctionDesign d = design().start()
                .node("outer", ForEach, fixed("items", J.json("[1,2,3]")), fixed("parallelism", 3))
                .node("inner", ForEach, fixed("items", J.json("[1,2,3]")), fixed("parallelism", 3))
                .node("t", TestNode.TYPE, fixed("sleepMs", 5))
                .end(var("results", "outer.results"))
                .edge("start", "outer")
                .edge("outer", "inner", "body")
                .edge("inner", "t", "body")
                .edge("outer", "end")
                .build();
        try (Engines engines = new Engines(1, ExecutionLimits.defaults())) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(d, null, sink);

            assertEquals(
                    3,
                    ((WorkflowFinished) terminal)
                            .result()
                            .getJsonArray("results")
                            .size());
            assertEquals(
                    9,
                    sink.all(NodeFinished.class).stream()
                            .filter(f -> f.node().nodeKey().equals("t"))
                            .count());
        }
    }

    @Test
    void tooManyItemsFailsWithLoopLimitExceeded() throws Exception {
        try (Engines engines = new Engines(2, ExecutionLimits.defaults().withMaxLoopIterations(3))) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(twoStepBody(1), J.obj("{'items':[1,2,3,4]}"), sink);

            assertEquals(
                    List.of(
                            "WorkflowStarted",
                            "NodeStarted start",
                            "NodeFinished start",
                            "NodeStarted loop",
                            "NodeFailed loop LOOP_LIMIT_EXCEEDED",
                            "WorkflowFailed"),
                    sink.lines());
            assertEquals("LOOP_LIMIT_EXCEEDED", ((WorkflowFailed) terminal).code());
        }
    }

    @Test
    void itemsThatAreNotAnArrayFailTheLoopWithValidationError() throws Exception {
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            FunctionDesign d = design().start(param("items", "Dynamic", true))
                    .node("loop", ForEach, var("items", "input.items"))
                    .node("a", DataProcess)
                    .end()
                    .edge("start", "loop")
                    .edge("loop", "a", "body")
                    .edge("loop", "end")
                    .build();

            EngineEvent terminal = engines.run(d, J.obj("{'items':'nope'}"), sink);

            assertEquals("VALIDATION_ERROR", ((WorkflowFailed) terminal).code());
            assertTrue(((WorkflowFailed) terminal).message().contains("items"));
        }
    }

    @Test
    void aFailingBodyNodeFailsTheLoopAndAbortsTheOtherIterations() throws Exception {
        // iteration 1 sleeps 2 s and never fails; iteration 2 fails at once
        FunctionDesign slowFirst = design().start()
                .node("loop", ForEach, fixed("items", J.json("[2000,0]")), fixed("parallelism", 2))
                .node(
                        "t",
                        TestNode.TYPE,
                        var("failTimes", "loop.index"),
                        fixed("failCode", "BOOM"),
                        var("sleepMs", "loop.item"))
                .end()
                .edge("start", "loop")
                .edge("loop", "t", "body")
                .edge("loop", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(slowFirst, null, sink);

            assertEquals("BOOM", ((WorkflowFailed) terminal).code());
            List<String> tail =
                    sink.lines().subList(sink.lines().size() - 4, sink.lines().size());
            assertEquals(
                    List.of(
                            "NodeFailed loop.t BOOM",
                            "NodeFailed loop.t ABORTED",
                            "NodeFailed loop BOOM",
                            "WorkflowFailed"),
                    tail);
            // aborted either while it slept (interrupted) or before its task got a thread (never started)
            Eventually.assertTrue(
                    () -> engines.testNode.interrupted.get() == 1 || engines.testNode.started.get() == 1,
                    "the aborted iteration was interrupted or never ran");
        }
    }
}
