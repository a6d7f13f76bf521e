package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.catalog.WorkflowCatalog;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.node.builtin.SubWorkflowNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.SubWorkflow;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sub-workflows run inline in the same event stream, with nested invoke ids and a depth limit. */
class SubWorkflowTest {

    private static final FunctionDesign CHILD = design().start(param("q", "String", true))
            .node("up", DataProcess, text("text", "{{input.q}}!"))
            .end(var("r", "up.text"))
            .chain("start", "up", "end")
            .build();

    private static final FunctionDesign RECURSIVE = design().start()
            .node("self", SubWorkflow, fixed("appId", "rec"))
            .end()
            .chain("start", "self", "end")
            .build();

    private static final WorkflowCatalog CATALOG = (teamId, appId) -> switch (appId) {
        case "draft" -> throw new WorkflowException(ErrorCode.NOT_PUBLISHED, "app 'draft' has no published version");
        default ->
            Optional.ofNullable(Map.of(
                            "child",
                            new PublishedWorkflow("child", 2, CHILD),
                            "rec",
                            new PublishedWorkflow("rec", 1, RECURSIVE))
                    .get(appId));
    };

    private static FunctionDesign parent(String appId, Object q) {
        var sub = q == null
                ? design().start().node("sub", SubWorkflow, fixed("appId", appId))
                : design().start().node("sub", SubWorkflow, fixed("appId", appId), fixed("q", q));
        return sub.end(var("out", "sub.r")).chain("start", "sub", "end").build();
    }

    @Test
    void theSubWorkflowRunsInlineWithNestedInvokeIds() throws Exception {
        try (Engines engines = new Engines(new SubWorkflowNode(CATALOG))) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(parent("child", "hi"), null, sink);

            assertEquals(
                    List.of(
                            "WorkflowStarted",
                            "NodeStarted start",
                            "NodeFinished start",
                            "NodeStarted sub",
                            "NodeStarted sub.start",
                            "NodeFinished sub.start",
                            "NodeStarted sub.up",
                            "NodeFinished sub.up",
                            "NodeStarted sub.end",
                            "NodeFinished sub.end",
                            "NodeFinished sub",
                            "NodeStarted end",
                            "NodeFinished end",
                            "WorkflowFinished"),
                    sink.lines());
            assertEquals(J.obj("{'out':'hi!'}"), ((WorkflowFinished) terminal).result());
            assertEquals(
                    new NodeRef("start", "START", "Start", "sub.start", "sub", null, null, "sub", "sub#1/"),
                    sink.first(NodeStarted.class, "sub.start").node());
            assertEquals(
                    new NodeRef("up", "UP", "DataProcess", "sub.up", "sub.start", null, null, "sub", "sub#1/"),
                    sink.first(NodeStarted.class, "sub.up").node());
            assertEquals(
                    J.obj("{'appId':'child','q':'hi'}"),
                    sink.first(NodeStarted.class, "sub").inputs());
        }
    }

    @Test
    void recursionStopsAtTheDepthLimit() throws Exception {
        try (Engines engines =
                new Engines(4, ExecutionLimits.defaults().withMaxSubWorkflowDepth(2), new SubWorkflowNode(CATALOG))) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(RECURSIVE, null, sink);

            assertEquals("SUBWORKFLOW_DEPTH_EXCEEDED", ((WorkflowFailed) terminal).code());
            assertEquals(
                    List.of(
                            "NodeFailed self.self.self SUBWORKFLOW_DEPTH_EXCEEDED",
                            "NodeFailed self.self SUBWORKFLOW_DEPTH_EXCEEDED",
                            "NodeFailed self SUBWORKFLOW_DEPTH_EXCEEDED"),
                    sink.lines(l -> l.startsWith("NodeFailed")));
            NodeRef deepest = sink.first(NodeStarted.class, "self.self.self").node();
            assertEquals("self.self", deepest.parentNodeId());
            assertEquals("self.self.start", deepest.parentInvokeId());
        }
    }

    @Test
    void unknownUnpublishedAndBadParametersFailTheSubWorkflowNode() throws Exception {
        try (Engines engines = new Engines(new SubWorkflowNode(CATALOG))) {
            assertEquals(
                    "APP_NOT_FOUND",
                    ((WorkflowFailed) engines.run(parent("nope", "x"), null, new RecordingSink())).code());
            assertEquals(
                    "NOT_PUBLISHED",
                    ((WorkflowFailed) engines.run(parent("draft", "x"), null, new RecordingSink())).code());
            RecordingSink sink = new RecordingSink();
            WorkflowFailed bad = (WorkflowFailed) engines.run(parent("child", null), null, sink);
            assertEquals("VALIDATION_ERROR", bad.code());
            assertTrue(bad.message().contains("'q'"));
            assertTrue(sink.lines(l -> l.contains("sub.")).isEmpty(), "no sub-workflow node ran");
        }
    }
}
