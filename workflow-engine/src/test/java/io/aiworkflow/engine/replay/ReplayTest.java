package io.aiworkflow.engine.replay;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.history.InstanceStore.EndedNodeRun;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.NodeExecutionIds;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays through the real executor: the plan says what is reused, run or skipped, and the replay
 * does exactly that: reused nodes publish their recorded outcome (marked) and never run.
 */
class ReplayTest {

    private final Engines engines = new Engines();

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    /** What history would hand the planner: the ended node runs of a recorded run, in order. */
    private static List<EndedNodeRun> recorded(RecordingSink sink) {
        List<EndedNodeRun> runs = new ArrayList<>();
        for (EngineEvent e : sink.events()) {
            if (e instanceof NodeFinished f) {
                runs.add(new EndedNodeRun(
                        f.node().scope(),
                        f.node().nodeKey(),
                        true,
                        f.inputs(),
                        f.outputs(),
                        f.branch(),
                        null,
                        f.sequence()));
            } else if (e instanceof NodeFailed f) {
                runs.add(new EndedNodeRun(
                        f.node().scope(),
                        f.node().nodeKey(),
                        false,
                        f.inputs(),
                        null,
                        null,
                        new RunError(f.code(), f.message()),
                        f.sequence()));
            }
        }
        return runs;
    }

    private static Set<String> skipped(RecordingSink sink) {
        return sink.all(NodeSkipped.class).stream()
                .filter(n -> n.node().scope() == null || n.node().scope().isEmpty())
                .map(n -> n.node().nodeKey())
                .collect(Collectors.toSet());
    }

    private static List<String> ran(RecordingSink sink) {
        return sink.all(NodeStarted.class).stream()
                .map(s -> s.node().invokeId())
                .toList();
    }

    /** start → a (test node) → check (Condition on a) → yes: b / else: c → end */
    private static FunctionDesign branching() {
        return branching("c");
    }

    /** {@code cEcho}: what c answers (another version of the design changes it). */
    private static FunctionDesign branching(String cEcho) {
        return design().start(param("x", "String", true))
                .node("a", TestNode.TYPE, var("echo", "input.x"))
                .node(
                        "check",
                        NodeType.Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'yes','value':{'left':{'type':'ref','content':['a','echo']},"
                                        + "'operator':'eq','right':{'type':'constant','content':'go'}}}]"))
                .node("b", TestNode.TYPE, text("echo", "b after {{a.echo}}"))
                .node("c", TestNode.TYPE, fixed("echo", cEcho))
                .end(var("b", "b.echo"), var("c", "c.echo"))
                .edge("start", "a")
                .edge("a", "check")
                .edge("check", "b", "yes")
                .edge("check", "c", "else")
                .edge("b", "end")
                .edge("c", "end")
                .build();
    }

    @Test
    void replayingFromANodeReusesWhatPrecedesItAndRunsWhatFollows() throws Exception {
        FunctionDesign d = branching();
        RecordingSink first = new RecordingSink();
        engines.run(d, J.obj("{'x':'go'}"), first);
        String firstId = first.events().get(0).instanceId();
        ReplayPlanner planner = new ReplayPlanner(d, d, firstId, recorded(first), skipped(first));

        ReplayPlanner.Plan plan = planner.plan(Set.of("b"), Map.of("b", J.obj("{'echo':'edited'}")), false, false);

        assertEquals(
                List.of("start:REUSE", "a:REUSE", "check:REUSE", "b:RUN", "c:SKIP", "end:RUN"),
                plan.steps().stream().map(s -> s.nodeKey() + ":" + s.action()).toList());
        String aId = NodeExecutionIds.of(
                firstId, first.first(NodeFinished.class, "a").sequence());
        assertEquals(aId, plan.steps().get(1).reusedFrom());

        int startedBefore = engines.testNode.started.get();
        RecordingSink replay = new RecordingSink();
        RunHandle handle = engines.executor.replay(Engines.request(d, J.obj("{'x':'go'}")), plan.replay(), replay);
        EngineEvent end = handle.await(Duration.ofSeconds(10));

        assertEquals(List.of("b", "end"), ran(replay), "only what follows the replayed node runs");
        assertEquals(1, engines.testNode.started.get() - startedBefore, "a did not run again");
        NodeFinished reusedA = replay.first(NodeFinished.class, "a");
        assertEquals(aId, reusedA.reusedFrom());
        assertEquals(J.obj("{'echo':'go'}"), reusedA.inputs(), "the recorded inputs");
        assertEquals(0, reusedA.usage().totalTokens());
        assertEquals("yes", replay.first(NodeFinished.class, "check").branch());
        assertTrue(replay.first(NodeFinished.class, "b").reusedFrom() == null, "b ran");
        assertEquals(
                J.obj("{'echo':'edited'}"),
                replay.first(NodeFinished.class, "b").inputs(),
                "the edited inputs");
        assertEquals(1, replay.all(NodeSkipped.class).size(), "c is skipped again, and says so");
        assertEquals(
                J.obj("{'b':'edited','c':null}"), ((WorkflowFinished) end).result(), "the end sees the edited output");
    }

    /** A node that fails for the item {@code broken} names while it is set: an upstream that is down for a while. */
    static final class Flaky implements NodeBehavior {
        final AtomicReference<String> broken = new AtomicReference<>();
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public NodeType type() {
            return NodeType.Plugin;
        }

        @Override
        public NodeOutput run(NodeInput in, NodeContext ctx) {
            String item = in.string("item").orElse("");
            runs.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
            if (item.equals(broken.get())) {
                throw new NodeFailure("UPSTREAM_DOWN", "no answer for " + item);
            }
            return NodeOutput.of(Jsons.object().add("done", item).build());
        }
    }

    @Test
    void retryRunsWhatFailedAndKeepsTheIterationsThatEnded() throws Exception {
        Flaky flaky = new Flaky();
        try (Engines withFlaky = new Engines(flaky)) {
            FunctionDesign d = design().start(param("xs", "Array", true))
                    .node("prep", TestNode.TYPE, fixed("echo", "prepared"))
                    .node("loop", NodeType.ForEach, var("items", "input.xs"))
                    .node("work", NodeType.Plugin, var("item", "loop.item"))
                    .end(var("results", "loop.results"))
                    .edge("start", "prep")
                    .edge("prep", "loop")
                    .edge("loop", "work", "body")
                    .edge("loop", "end")
                    .build();
            flaky.broken.set("q");
            RecordingSink first = new RecordingSink();
            withFlaky.run(d, J.obj("{'xs':['p','q','r']}"), first);
            assertEquals(
                    "UPSTREAM_DOWN",
                    first.first(NodeFailed.class, "loop").code(),
                    first.lines().toString());
            String firstId = first.events().get(0).instanceId();
            ReplayPlanner planner = new ReplayPlanner(d, d, firstId, recorded(first), skipped(first));

            ReplayPlanner.Plan plan = planner.plan(Set.of("loop"), Map.of(), false, true);

            assertEquals(
                    List.of("start:REUSE", "prep:REUSE", "loop:RUN", "work:RUN", "end:RUN"),
                    plan.steps().stream()
                            .map(s -> s.nodeKey() + ":" + s.action())
                            .toList());
            flaky.broken.set(null); // the upstream is back
            int pRuns = flaky.runs.get("p").get();
            int prepRuns = withFlaky.testNode.started.get();
            RecordingSink retry = new RecordingSink();
            EngineEvent end = withFlaky
                    .executor
                    .replay(Engines.request(d, J.obj("{'xs':['p','q','r']}")), plan.replay(), retry)
                    .await(Duration.ofSeconds(10));

            assertTrue(end instanceof WorkflowFinished, retry.lines().toString());
            assertEquals(prepRuns, withFlaky.testNode.started.get(), "prep completed before: reused");
            assertEquals(pRuns, flaky.runs.get("p").get(), "the iteration that had ended is reused");
            assertEquals(
                    J.json("[{'done':'p'},{'done':'q'},{'done':'r'}]"),
                    ((WorkflowFinished) end).result().get("results"),
                    "the failed iteration ran again, this time succeeding");
            assertTrue(
                    retry.all(NodeFinished.class).stream()
                            .anyMatch(f -> f.node().invokeId().equals("loop.work") && f.isReused()),
                    "a reused iteration says so: " + retry.lines());
        }
    }

    @Test
    void aRetryRunsEveryFailedParallelBranchAndReusesTheOneThatCompleted() throws Exception {
        Flaky flaky = new Flaky();
        try (Engines withFlaky = new Engines(flaky)) {
            FunctionDesign d = design().start()
                    .node("left", NodeType.Plugin, fixed("item", "down"))
                    .node("right", NodeType.Plugin, fixed("item", "down"))
                    .node("steady", TestNode.TYPE, fixed("echo", "steady"))
                    .end(var("left", "left.done"), var("right", "right.done"), var("steady", "steady.echo"))
                    .edge("start", "steady")
                    .edge("steady", "left")
                    .edge("steady", "right")
                    .edge("left", "end")
                    .edge("right", "end")
                    .build();
            flaky.broken.set("down");
            RecordingSink first = new RecordingSink();
            EngineEvent failed = withFlaky.run(d, null, first);
            assertTrue(!(failed instanceof WorkflowFinished), "both branches failed: " + first.lines());
            ReplayPlanner planner =
                    new ReplayPlanner(d, d, first.events().get(0).instanceId(), recorded(first), skipped(first));

            ReplayPlanner.Plan plan = planner.plan(Set.of("left", "right"), Map.of(), false, true);

            assertEquals(
                    List.of("start:REUSE", "left:RUN", "right:RUN", "steady:REUSE", "end:RUN"),
                    plan.steps().stream()
                            .map(s -> s.nodeKey() + ":" + s.action())
                            .toList());
            flaky.broken.set(null);
            int steadyRuns = withFlaky.testNode.started.get();
            RecordingSink retry = new RecordingSink();
            EngineEvent end = withFlaky
                    .executor
                    .replay(Engines.request(d, null), plan.replay(), retry)
                    .await(Duration.ofSeconds(10));
            assertEquals(J.obj("{'left':'down','right':'down','steady':'steady'}"), ((WorkflowFinished) end).result());
            assertEquals(steadyRuns, withFlaky.testNode.started.get(), "the branch that completed is reused");
        }
    }

    @Test
    void aChangedNodeRunsWithWhatFollowsIt() throws Exception {
        FunctionDesign v1 = branching();
        RecordingSink first = new RecordingSink();
        engines.run(v1, J.obj("{'x':'stop'}"), first);
        FunctionDesign v2 = branching("c, changed");
        ReplayPlanner planner =
                new ReplayPlanner(v2, v1, first.events().get(0).instanceId(), recorded(first), skipped(first));

        ReplayPlanner.Plan plan = planner.plan(Set.of("end"), Map.of(), false, false);

        assertEquals(
                List.of("start:REUSE", "a:REUSE", "check:REUSE", "b:SKIP", "c:RUN", "end:RUN"),
                plan.steps().stream().map(s -> s.nodeKey() + ":" + s.action()).toList());
        assertEquals("changed since the version that ran", plan.steps().get(4).reason());
        RecordingSink replay = new RecordingSink();
        EngineEvent end = engines.executor
                .replay(Engines.request(v2, J.obj("{'x':'stop'}")), plan.replay(), replay)
                .await(Duration.ofSeconds(10));
        assertEquals(List.of("c", "end"), ran(replay), "the plan and the run agree");
        assertEquals(J.obj("{'b':null,'c':'c, changed'}"), ((WorkflowFinished) end).result());
    }

    @Test
    void aNodeWhoseInputsCameFromANodeThatNeverRanCannotBeReplayedWithoutInputs() throws Exception {
        FunctionDesign d = branching();
        RecordingSink first = new RecordingSink();
        engines.run(d, J.obj("{'x':'stop'}"), first);
        ReplayPlanner planner =
                new ReplayPlanner(d, d, first.events().get(0).instanceId(), recorded(first), skipped(first));

        assertEquals(List.of(), planner.missingInputs("c"));
        assertEquals(List.of("a"), new ReplayPlanner(d, d, "x", List.of(), Set.of()).missingInputs("b"));
    }
}
