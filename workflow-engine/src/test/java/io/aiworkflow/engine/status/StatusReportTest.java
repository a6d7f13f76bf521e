package io.aiworkflow.engine.status;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aiworkflow.domain.definition.NodeType.Condition;
import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.ForEach;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status report from a run's recorded executions (as the history writer records them). */
class StatusReportTest {

    /** What the history projection keeps of a run: its node_execution rows. */
    private static List<StatusReport.Execution> rows(List<EngineEvent> events) {
        List<StatusReport.Execution> rows = new ArrayList<>();
        for (EngineEvent e : events) {
            if (e instanceof NodeFinished f) {
                rows.add(new StatusReport.Execution(
                        f.sequence(),
                        f.node().nodeKey(),
                        f.node().invokeId(),
                        "Completed",
                        f.startTime(),
                        f.timestamp(),
                        f.inputs(),
                        f.outputs(),
                        null,
                        null,
                        f.branch()));
            } else if (e instanceof NodeFailed f) {
                rows.add(new StatusReport.Execution(
                        f.sequence(),
                        f.node().nodeKey(),
                        f.node().invokeId(),
                        "Failed",
                        f.startTime(),
                        f.timestamp(),
                        f.inputs(),
                        null,
                        f.code(),
                        f.message(),
                        null));
            } else if (e instanceof NodeSkipped s) {
                rows.add(new StatusReport.Execution(
                        s.sequence(),
                        s.node().nodeKey(),
                        s.node().invokeId(),
                        "Skipped",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
            }
        }
        return rows;
    }

    private static List<String> starts(RecordingSink sink) {
        return sink.all(NodeStarted.class).stream()
                .map(s -> s.node().invokeId())
                .toList();
    }

    @Test
    void succeededSkippedFailedPendingAndOneSnapshotPerLoopIteration() throws Exception {
        FunctionDesign d = design().start(param("items", "Array", true))
                .node("each", ForEach, var("items", "input.items"))
                .node("a", DataProcess, var("v", "loop.item"))
                .node(
                        "cond",
                        Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'yes','value':{'left':{'type':'constant','content':1},'operator':'equals',"
                                        + "'right':{'type':'constant','content':2}}}]"))
                .node("never", DataProcess, fixed("x", 1))
                .node("boom", TestNode.TYPE, fixed("failTimes", 1))
                .node("after", DataProcess, fixed("x", 1))
                .end()
                .edge("start", "each")
                .edge("each", "a", "body")
                .edge("each", "cond")
                .edge("cond", "never", "yes")
                .edge("cond", "boom", "else")
                .edge("never", "end")
                .edge("boom", "after")
                .edge("after", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            engines.run(d, J.obj("{'items':[1,2]}"), sink);
            String id = sink.events().get(0).instanceId();

            JsonObject report = StatusReport.build(id, d, rows(sink.events()), starts(sink));

            assertEquals(
                    List.of("start", "each", "a", "cond", "never", "boom", "after", "end"),
                    List.copyOf(report.keySet()));
            JsonObject a = report.getJsonObject("a");
            assertEquals("succeeded", a.getString("status"));
            assertTrue(a.getBoolean("terminated"));
            assertEquals(2, a.getJsonArray("snapshots").size(), "one snapshot per iteration");
            JsonObject first = a.getJsonArray("snapshots").getJsonObject(0);
            assertEquals("a", first.getString("nodeID"));
            assertEquals(J.obj("{'v':1}"), first.getJsonObject("inputs"));
            assertEquals(J.obj("{'v':1}"), first.getJsonObject("outputs"));
            assertEquals(J.obj("{'invokeId':'each.a'}"), first.getJsonObject("data"));
            assertEquals(
                    a.getJsonNumber("endTime").longValue()
                            - a.getJsonNumber("startTime").longValue(),
                    a.getJsonNumber("timeCost").longValue());
            assertEquals(
                    "else",
                    report.getJsonObject("cond")
                            .getJsonArray("snapshots")
                            .getJsonObject(0)
                            .getString("branch"));
            JsonObject never = report.getJsonObject("never");
            assertEquals("canceled", never.getString("status"));
            assertTrue(never.getBoolean("terminated"));
            assertTrue(never.getJsonArray("snapshots").isEmpty());
            JsonObject boom = report.getJsonObject("boom");
            assertEquals("failed", boom.getString("status"));
            assertEquals(
                    "TEST_FAILURE: planned failure 1",
                    boom.getJsonArray("snapshots").getJsonObject(0).getString("error"));
            JsonObject after = report.getJsonObject("after");
            assertEquals("pending", after.getString("status"));
            assertFalse(after.getBoolean("terminated"));
            assertFalse(after.containsKey("endTime"));
            assertEquals(0, after.getInt("timeCost"));
        }
    }

    @Test
    void aStartedNodeWithoutAnEndingIsProcessing() throws Exception {
        FunctionDesign d = design().start()
                .node("t", TestNode.TYPE)
                .end()
                .chain("start", "t", "end")
                .build();
        try (Engines engines = new Engines()) {
            RecordingSink sink = new RecordingSink();
            engines.run(d, null, sink);
            List<EngineEvent> upToStart = sink.events().stream()
                    .filter(e ->
                            !(e instanceof NodeFinished f && f.node().nodeKey().equals("t")))
                    .toList();

            JsonObject report = StatusReport.build("i", d, rows(upToStart), starts(sink));

            assertEquals("processing", report.getJsonObject("t").getString("status"));
            assertFalse(report.getJsonObject("t").getBoolean("terminated"));
            assertEquals("succeeded", report.getJsonObject("start").getString("status"));
        }
    }
}
