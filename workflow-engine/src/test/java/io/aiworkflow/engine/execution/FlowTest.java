package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.aiworkflow.domain.definition.NodeType.Condition;
import static io.aiworkflow.domain.definition.NodeType.DataProcess;
import static io.aiworkflow.domain.definition.NodeType.Fork;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The exact event sequences of linear, branching, forking and joining graphs. */
class FlowTest {

    private final Engines engines = new Engines();

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    @Test
    void linearFlowPublishesEachStepInOrderWithGapFreeSequence() throws Exception {
        FunctionDesign d = design().start(param("name", "String", true))
                .node("greet", DataProcess, text("text", "Hello {{input.name}}"), var("who", "start.name"))
                .end(var("greeting", "greet.text"))
                .chain("start", "greet", "end")
                .build();
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(d, J.obj("{'name':'Ada'}"), sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted greet",
                        "NodeFinished greet",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                sink.lines());
        assertEquals(J.obj("{'greeting':'Hello Ada'}"), ((WorkflowFinished) terminal).result());
        NodeStarted greet = sink.first(NodeStarted.class, "greet");
        assertEquals(J.obj("{'text':'Hello Ada','who':'Ada'}"), greet.inputs());
        assertEquals("start", greet.node().parentInvokeId());
        assertEquals("GREET", greet.node().nodeName());
        assertEquals("DataProcess", greet.node().nodeType());
        assertNull(sink.first(NodeStarted.class, "start").node().parentInvokeId());
        WorkflowStarted started = (WorkflowStarted) sink.events().get(0);
        assertEquals("app-1", started.appId());
        assertEquals(3, started.version());
    }

    private FunctionDesign conditionGraph() {
        // start -> cond -(big)-> a -> end ; cond -(else)-> b -> end
        return design().start(param("x", "Number", true))
                .node(
                        "cond",
                        Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'big','value':{'left':{'type':'ref','content':['input','x']},"
                                        + "'operator':'gt','right':{'type':'constant','content':3}}}]"))
                .node("a", DataProcess, fixed("path", "a"))
                .node("b", DataProcess, fixed("path", "b"))
                .end(var("a", "a.path"), var("b", "b.path"))
                .edge("start", "cond")
                .edge("cond", "a", "big")
                .edge("cond", "b", "else")
                .edge("a", "end")
                .edge("b", "end")
                .build();
    }

    @Test
    void conditionTakesTheMatchingBranchSkipsTheOtherAndJoinWaitsOnlyForTheLivePath() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(conditionGraph(), J.obj("{'x':5}"), sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted cond",
                        "NodeFinished cond",
                        "NodeSkipped b",
                        "NodeStarted a",
                        "NodeFinished a",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                sink.lines());
        NodeFinished cond = sink.first(NodeFinished.class, "cond");
        assertEquals("big", cond.branch());
        assertEquals(
                J.json("[{'key':'big','left':5,'operator':'gt','right':3,'result':true}]"),
                cond.outputs().get("conditions"));
        assertEquals(J.obj("{'a':'a','b':null}"), ((WorkflowFinished) terminal).result());
        assertEquals("a", sink.first(NodeStarted.class, "end").node().parentInvokeId());
    }

    @Test
    void noMatchingConditionTakesElse() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(conditionGraph(), J.obj("{'x':1}"), sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted cond",
                        "NodeFinished cond",
                        "NodeSkipped a",
                        "NodeStarted b",
                        "NodeFinished b",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                sink.lines());
        assertEquals("else", sink.first(NodeFinished.class, "cond").branch());
        assertEquals(J.obj("{'a':null,'b':'b'}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void skippingPropagatesDownADeadChainAndEndSkippedMeansNoPathToEnd() throws Exception {
        // start -> cond -(yes)-> a -> b -> end ; the only way to End is through the branch not taken
        FunctionDesign d = design().start()
                .node(
                        "cond",
                        Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'yes','value':{'left':{'type':'constant','content':1},'operator':'equals',"
                                        + "'right':{'type':'constant','content':2}}}]"))
                .node("a", DataProcess)
                .node("b", DataProcess)
                .end()
                .edge("start", "cond")
                .edge("cond", "a", "yes")
                .chain("a", "b", "end")
                .build();
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(d, null, sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted cond",
                        "NodeFinished cond",
                        "NodeSkipped a",
                        "NodeSkipped b",
                        "NodeSkipped end",
                        "WorkflowFailed"),
                sink.lines());
        assertEquals("NO_PATH_TO_END", ((WorkflowFailed) terminal).code());
    }

    @Test
    void forkRunsBranchesInParallelAndTheJoinWaitsForAll() throws Exception {
        FunctionDesign d = design().start()
                .node("fork", Fork)
                .node("a", TestNode.TYPE, fixed("sleepMs", 300), fixed("echo", "A"))
                .node("b", TestNode.TYPE, fixed("sleepMs", 300), fixed("echo", "B"))
                .node("join", DataProcess, text("both", "{{a.echo}}{{b.echo}}"))
                .end(var("both", "join.both"))
                .edge("start", "fork")
                .edge("fork", "a")
                .edge("fork", "b")
                .edge("a", "join")
                .edge("b", "join")
                .edge("join", "end")
                .build();
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(d, null, sink);

        List<String> lines = sink.lines();
        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "NodeStarted fork",
                        "NodeFinished fork",
                        "NodeStarted a",
                        "NodeStarted b"),
                lines.subList(0, 7));
        assertEquals(Set.of("NodeFinished a", "NodeFinished b"), Set.copyOf(lines.subList(7, 9)));
        assertEquals(
                List.of(
                        "NodeStarted join",
                        "NodeFinished join",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                lines.subList(9, 14));
        assertEquals(2, engines.testNode.maxRunning.get(), "a and b ran at the same time");
        assertEquals(J.obj("{'both':'AB'}"), ((WorkflowFinished) terminal).result());
        String joinParent = sink.first(NodeStarted.class, "join").node().parentInvokeId();
        String lastFinished = lines.get(8).substring("NodeFinished ".length());
        assertEquals(lastFinished, joinParent, "a join's parent is the predecessor that finished last");
    }

    @Test
    void joinAfterConditionInsideForkWaitsForLiveBranchOnly() throws Exception {
        // start -> fork -> slow -> join ; fork -> cond -(no)-> dead -> join ; join -> end
        FunctionDesign d = design().start()
                .node("fork", Fork)
                .node("slow", TestNode.TYPE, fixed("sleepMs", 200))
                .node(
                        "cond",
                        Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'no','value':{'left':{'type':'constant','content':'x'},'operator':'is_empty'}}]"))
                .node("dead", DataProcess)
                .node("join", DataProcess)
                .end()
                .edge("start", "fork")
                .edge("fork", "slow")
                .edge("fork", "cond")
                .edge("cond", "dead", "no")
                .edge("slow", "join")
                .edge("dead", "join")
                .edge("join", "end")
                .build();
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(d, null, sink);

        assertInstanceOf(WorkflowFinished.class, terminal);
        List<String> lines = sink.lines();
        int skipped = lines.indexOf("NodeSkipped dead");
        int slowDone = lines.indexOf("NodeFinished slow");
        int joinStarted = lines.indexOf("NodeStarted join");
        assertEquals(true, skipped > 0 && skipped < slowDone && slowDone < joinStarted, lines.toString());
        assertEquals("slow", sink.first(NodeStarted.class, "join").node().parentInvokeId());
    }
}
