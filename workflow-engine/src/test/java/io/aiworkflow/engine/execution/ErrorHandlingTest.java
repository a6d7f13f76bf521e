package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.Payloads;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aiworkflow.domain.definition.NodeType.AiChat;
import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, timeouts, onError (fail, continue, branch) and the run-wide limits. */
class ErrorHandlingTest {

    private final Engines engines = new Engines();

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    private static FunctionDesign single(FieldDesign... fields) {
        return design().start()
                .node("t", TestNode.TYPE, fields)
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
    }

    private static List<String> nodeLines(RecordingSink sink, String invokeId) {
        return sink.lines(l -> l.contains(" " + invokeId) && !l.contains(" " + invokeId + "."));
    }

    @Test
    void failedAttemptsAreRetriedAndOnlyReportedAsErrorTraces() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(
                single(fixed("failTimes", 2), fixed("echo", "ok"), fixedJson("retry", "{'count':2,'backoffMs':20}")),
                null,
                sink);

        assertEquals(List.of("NodeStarted t", "NodeTraced t", "NodeTraced t", "NodeFinished t"), nodeLines(sink, "t"));
        List<NodeTraced> traces = sink.all(NodeTraced.class);
        assertTrue(traces.get(0).error());
        assertEquals(
                J.obj("{'attempt':1,'code':'TEST_FAILURE','message':'planned failure 1','retryInMs':20}"),
                traces.get(0).data());
        assertEquals(3, sink.first(NodeFinished.class, "t").attempt());
        assertEquals(J.obj("{'echo':'ok'}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void anOversizedOutputFailsTheNodeAndOversizedInputsAreShownAsAMarker() throws Exception {
        RecordingSink sink = new RecordingSink();
        String big = "x".repeat(Payloads.MAX_OUTPUT_CHARS);

        EngineEvent terminal = engines.run(single(fixed("echo", big)), null, sink);

        assertEquals("NODE_OUTPUT_TOO_LARGE", ((WorkflowFailed) terminal).code());
        JsonObject shown = sink.first(NodeStarted.class, "t").inputs();
        assertEquals(true, shown.getBoolean("truncated"), "an input past the limit is not carried by events");
        assertTrue(shown.getString("preview").length() < 10_000);
    }

    @Test
    void anUnexpectedExceptionsTextStaysInTheLog() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal =
                engines.run(single(fixed("failTimes", 1), fixed("failWith", "password=hunter2")), null, sink);

        WorkflowFailed failed = (WorkflowFailed) terminal;
        assertEquals("NODE_ERROR", failed.code());
        assertFalse(failed.message().contains("hunter2"), failed.message());
        assertTrue(failed.message().contains("reference"), failed.message());
    }

    @Test
    void exhaustedRetriesFailWithTheLastAttemptNumber() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal =
                engines.run(single(fixed("failTimes", 5), fixedJson("retry", "{'count':1}")), null, sink);

        assertEquals(List.of("NodeStarted t", "NodeTraced t", "NodeFailed t TEST_FAILURE"), nodeLines(sink, "t"));
        NodeFailed failed = sink.first(NodeFailed.class, "t");
        assertEquals(2, failed.attempt());
        assertFalse(failed.handled());
        WorkflowFailed wf = (WorkflowFailed) terminal;
        assertEquals("TEST_FAILURE", wf.code());
        assertEquals("planned failure 2", wf.message());
    }

    @Test
    void aNodePastItsTimeoutIsInterruptedAndFailsWithNodeTimeout() throws Exception {
        RecordingSink sink = new RecordingSink();
        long t0 = System.nanoTime();

        EngineEvent terminal = engines.run(single(fixed("sleepMs", 10_000), fixed("timeoutMs", 150)), null, sink);

        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "did not wait for the sleeping node");
        assertEquals(List.of("NodeStarted t", "NodeFailed t NODE_TIMEOUT"), nodeLines(sink, "t"));
        assertEquals("NODE_TIMEOUT", ((WorkflowFailed) terminal).code());
        Eventually.assertTrue(() -> engines.testNode.interrupted.get() == 1, "node thread interrupted");
    }

    @Test
    void aLoopPastItsTimeoutAbortsItsRunningBody() throws Exception {
        RecordingSink sink = new RecordingSink();
        FunctionDesign d = design().start()
                .node("loop", NodeType.ForEach, fixedJson("items", "[1,2]"), fixed("timeoutMs", 200))
                .node("t", TestNode.TYPE, fixed("sleepMs", 10_000))
                .end()
                .edge("start", "loop")
                .edge("loop", "t", "body")
                .edge("loop", "end")
                .build();

        EngineEvent terminal = engines.run(d, null, sink);

        List<String> lines = sink.lines();
        assertEquals(
                List.of(
                        "NodeStarted loop",
                        "NodeStarted loop.t",
                        "NodeFailed loop.t ABORTED",
                        "NodeFailed loop NODE_TIMEOUT",
                        "WorkflowFailed"),
                lines.subList(3, lines.size()));
        assertEquals("NODE_TIMEOUT", ((WorkflowFailed) terminal).code());
        Eventually.assertTrue(() -> engines.testNode.interrupted.get() == 1, "body node interrupted");
    }

    @Test
    void onErrorContinueUsesTheDefaultOutputAndGoesOn() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(
                single(
                        fixed("failTimes", 1),
                        fixed("onError", "continue"),
                        fixedJson("defaultOutput", "{'echo':'fallback'}")),
                null,
                sink);

        assertEquals(List.of("NodeStarted t", "NodeFailed t TEST_FAILURE handled"), nodeLines(sink, "t"));
        assertEquals(J.obj("{'echo':'fallback'}"), ((WorkflowFinished) terminal).result());
    }

    private static FunctionDesign errorBranch(int failTimes) {
        return design().start()
                .node("t", TestNode.TYPE, fixed("failTimes", failTimes), fixed("onError", "branch"))
                .node("ok", DataProcess, fixed("path", "ok"))
                .node("handler", DataProcess, var("errorCode", "t.error.code"))
                .end(var("ok", "ok.path"), var("handled", "handler.errorCode"))
                .edge("start", "t")
                .edge("t", "ok")
                .edge("t", "handler", "error")
                .edge("ok", "end")
                .edge("handler", "end")
                .build();
    }

    @Test
    void onErrorBranchTakesOnlyTheErrorConnection() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(errorBranch(1), null, sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted t",
                        "NodeFailed t TEST_FAILURE handled",
                        "NodeSkipped ok",
                        "NodeStarted handler",
                        "NodeFinished handler",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                sink.lines());
        assertEquals(J.obj("{'ok':null,'handled':'TEST_FAILURE'}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void successNeverTakesTheErrorConnection() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(errorBranch(0), null, sink);

        assertTrue(sink.lines().contains("NodeSkipped handler"));
        assertEquals(J.obj("{'ok':'ok','handled':null}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void aNodeTypeWithoutBehaviourFailsThatNode() throws Exception {
        RecordingSink sink = new RecordingSink();
        FunctionDesign d = design().start()
                .node("chat", AiChat)
                .end()
                .chain("start", "chat", "end")
                .build();

        EngineEvent terminal = engines.run(d, null, sink);

        assertEquals("NODE_TYPE_UNSUPPORTED", ((WorkflowFailed) terminal).code());
        assertTrue(sink.lines().contains("NodeFailed chat NODE_TYPE_UNSUPPORTED"));
    }

    @Test
    void aBrokenExpressionFailsTheNodeWithExpressionError() throws Exception {
        RecordingSink sink = new RecordingSink();
        FunctionDesign d = design().start()
                .node("a", DataProcess, var("x", "input.items[oops"))
                .end()
                .chain("start", "a", "end")
                .build();

        EngineEvent terminal = engines.run(d, null, sink);

        assertEquals(List.of("NodeStarted a", "NodeFailed a EXPRESSION_ERROR"), nodeLines(sink, "a"));
        assertEquals("EXPRESSION_ERROR", ((WorkflowFailed) terminal).code());
    }

    @Test
    void runLimitStopsARunThatExceedsItsNodeRuns() throws Exception {
        try (Engines limited = new Engines(2, ExecutionLimits.defaults().withMaxNodeRuns(3))) {
            List<String> keys = new ArrayList<>(List.of("start"));
            var b = design().start();
            for (int i = 0; i < 5; i++) {
                b.node("n" + i, DataProcess);
                keys.add("n" + i);
            }
            keys.add("end");
            FunctionDesign d = b.end().chain(keys.toArray(String[]::new)).build();
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = limited.run(d, null, sink);

            assertEquals("RUN_LIMIT_EXCEEDED", ((WorkflowFailed) terminal).code());
            assertEquals(3, sink.all(NodeFinished.class).size());
        }
    }
}
