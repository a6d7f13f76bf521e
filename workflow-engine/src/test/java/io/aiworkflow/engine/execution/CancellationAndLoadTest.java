package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.domain.definition.NodeType.Fork;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Canceling a run mid-way, and many runs sharing a small pool. */
class CancellationAndLoadTest {

    @Test
    void cancelInterruptsTheRunningNodeAndEndsTheRunWithWorkflowCanceled() throws Exception {
        FunctionDesign d = design().start()
                .node("slow", TestNode.TYPE, fixed("sleepMs", 10_000))
                .node("after", DataProcess)
                .end()
                .chain("start", "slow", "after", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            RunHandle handle = engines.executor.start(Engines.request(d, null), sink);
            Eventually.assertTrue(() -> engines.testNode.running.get() == 1, "slow node running");

            handle.cancel();
            EngineEvent terminal = handle.await(Duration.ofSeconds(5));

            assertInstanceOf(WorkflowCanceled.class, terminal);
            Eventually.assertTrue(() -> engines.testNode.interrupted.get() == 1, "slow node interrupted");
            Thread.sleep(100);
            sink.assertWellFormed();
            assertEquals(
                    List.of(
                            "WorkflowStarted",
                            "NodeStarted start",
                            "NodeFinished start",
                            "NodeStarted slow",
                            "NodeFailed slow CANCELED",
                            "WorkflowCanceled"),
                    sink.lines());
            handle.cancel();
            assertEquals(6, sink.events().size(), "a second cancel publishes nothing");
        }
    }

    @Test
    void fiftyConcurrentRunsOnTwoThreadsAllFinish() throws Exception {
        FunctionDesign d = design().start()
                .node("fork", Fork)
                .node("loop", ForEach, fixed("items", J.json("[1,2,3,4,5]")), fixed("parallelism", 4))
                .node("t", TestNode.TYPE, var("echo", "loop.item"), fixed("sleepMs", 1))
                .node("side", TestNode.TYPE, fixed("echo", "side"))
                .node("join", DataProcess, var("results", "loop.results"), var("side", "side.echo"))
                .end(var("count", "join.results"))
                .edge("start", "fork")
                .edge("fork", "loop")
                .edge("fork", "side")
                .edge("loop", "t", "body")
                .edge("loop", "join")
                .edge("side", "join")
                .edge("join", "end")
                .build();
        try (Engines engines = new Engines(2, ExecutionLimits.defaults())) {
            List<RecordingSink> sinks = new ArrayList<>();
            List<RunHandle> handles = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                RecordingSink sink = new RecordingSink();
                sinks.add(sink);
                handles.add(engines.executor.start(Engines.request(d, null), sink));
            }
            for (int i = 0; i < 50; i++) {
                EngineEvent terminal = handles.get(i).await(Duration.ofSeconds(30));
                assertInstanceOf(
                        WorkflowFinished.class, terminal, sinks.get(i).lines().toString());
                assertEquals(
                        5,
                        ((WorkflowFinished) terminal)
                                .result()
                                .getJsonArray("count")
                                .size());
                sinks.get(i).assertWellFormed();
                // 1 started + 6 nodes + 5 body runs, each started and finished, + 1 terminal
                assertEquals(2 + 2 * 11, sinks.get(i).events().size());
            }
            assertTrue(engines.testNode.maxRunning.get() <= 2);
        }
    }
}
