package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.ManualTime;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** needHumanConfirm: pause, approve (with edited inputs), reject, timeout, parallel branches. */
class HumanConfirmationTest {

    /** confirmation deadlines fall due when a test moves this time on */
    private final ManualTime time = new ManualTime();

    private final Engines engines = new Engines(time);

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    private static FunctionDesign single(FieldDesign... settings) {
        FieldDesign[] fields = new FieldDesign[settings.length + 1];
        fields[0] = var("echo", "input.x");
        System.arraycopy(settings, 0, fields, 1, settings.length);
        return design().start(param("x", "String", true))
                .node("t", TestNode.TYPE, fields)
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
    }

    private RunHandle startWaiting(FunctionDesign d, RecordingSink sink) throws InterruptedException {
        RunHandle handle = engines.executor.start(Engines.request(d, J.obj("{'x':'draft'}")), sink);
        Eventually.assertTrue(() -> !sink.all(WaitingForHuman.class).isEmpty(), "the run waits");
        return handle;
    }

    private static EngineEvent end(RunHandle handle, RecordingSink sink) throws Exception {
        EngineEvent terminal = handle.await(Duration.ofSeconds(10));
        sink.assertWellFormed();
        return terminal;
    }

    @Test
    void pausesThenRunsWithEditedInputsOnApproval() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(
                single(fixed("needHumanConfirm", true), fixedJson("assignees", "['alice','bob']"), fixed("extra", 1)),
                sink);

        time.advance(Duration.ofDays(1));
        assertFalse(handle.isDone(), "without a confirmation timeout it waits for as long as it takes");
        assertEquals(List.of("t"), handle.waitingNodes());
        WaitingForHuman w = sink.first(WaitingForHuman.class, "t");
        assertEquals(J.obj("{'echo':'draft','extra':1}"), w.inputs());
        assertEquals(J.json("['alice','bob']"), w.assignees());
        assertEquals(0, w.timeoutMs());

        handle.confirm("t", true, J.obj("{'echo':'edited','code':'ignored'}"));
        EngineEvent terminal = end(handle, sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "WaitingForHuman t",
                        "NodeStarted t",
                        "NodeFinished t",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                sink.lines());
        assertEquals(
                J.obj("{'echo':'edited','extra':1}"),
                sink.first(NodeStarted.class, "t").inputs());
        assertEquals(
                J.obj("{'echo':'edited','extra':1}"),
                sink.first(NodeFinished.class, "t").inputs());
        assertEquals(J.obj("{'echo':'edited'}"), ((WorkflowFinished) terminal).result());
        assertEquals(List.of(), handle.waitingNodes());
    }

    @Test
    void objectShapeGivesAssigneesAndTimeout() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle =
                startWaiting(single(fixedJson("needHumanConfirm", "{'assignees':['carol'],'timeoutMs':60000}")), sink);
        WaitingForHuman w = sink.first(WaitingForHuman.class, "t");
        assertEquals(J.json("['carol']"), w.assignees());
        assertEquals(60_000, w.timeoutMs());

        handle.confirm("t", true, null);
        assertEquals(J.obj("{'echo':'draft'}"), ((WorkflowFinished) end(handle, sink)).result());
    }

    @Test
    void rejectionFailsTheNodeWithRejectedByDefault() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(single(fixed("needHumanConfirm", true)), sink);
        assertNull(sink.first(WaitingForHuman.class, "t").assignees());

        handle.confirm("t", false, null);
        EngineEvent terminal = end(handle, sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "WaitingForHuman t",
                        "NodeStarted t",
                        "NodeFailed t REJECTED",
                        "WorkflowFailed"),
                sink.lines());
        assertEquals("REJECTED", ((WorkflowFailed) terminal).code());
    }

    @Test
    void rejectionFollowsOnErrorOfTheNode() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(
                single(
                        fixed("needHumanConfirm", true),
                        fixed("onError", "continue"),
                        fixedJson("defaultOutput", "{'echo':'fallback'}")),
                sink);

        handle.confirm("t", false, null);
        EngineEvent terminal = end(handle, sink);

        assertTrue(sink.first(NodeFailed.class, "t").handled());
        assertEquals(J.obj("{'echo':'fallback'}"), ((WorkflowFinished) terminal).result());
    }

    @Test
    void rejectionCancelsTheRunWhenOnRejectSaysCancel() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(single(fixed("needHumanConfirm", true), fixed("onReject", "cancel")), sink);

        handle.confirm("t", false, null);
        EngineEvent terminal = end(handle, sink);

        assertTrue(terminal instanceof WorkflowCanceled);
        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "WaitingForHuman t",
                        "NodeFailed t CANCELED",
                        "WorkflowCanceled"),
                sink.lines());
    }

    @Test
    void unansweredConfirmationTimesOut() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(single(fixed("needHumanConfirm", true), fixed("confirmTimeoutMs", 100)), sink);

        time.advance(Duration.ofMillis(99));
        assertFalse(handle.isDone(), "not before its deadline");
        time.advance(Duration.ofMillis(1));
        EngineEvent terminal = end(handle, sink);

        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "WaitingForHuman t",
                        "NodeStarted t",
                        "NodeFailed t CONFIRM_TIMEOUT",
                        "WorkflowFailed"),
                sink.lines());
        assertEquals("CONFIRM_TIMEOUT", ((WorkflowFailed) terminal).code());
        WorkflowException late = assertThrows(WorkflowException.class, () -> handle.confirm("t", true, null));
        assertEquals(ErrorCode.CONFLICT, late.code());
    }

    @Test
    void confirmingANodeThatDoesNotWaitIsAConflict() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(single(fixed("needHumanConfirm", true)), sink);

        WorkflowException e = assertThrows(WorkflowException.class, () -> handle.confirm("end", true, null));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertFalse(handle.isDone(), "a wrong answer does not harm the run");

        handle.confirm("t", true, null);
        end(handle, sink);
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(WorkflowException.class, () -> handle.confirm("t", true, null))
                        .code());
    }

    @Test
    void aParallelBranchGoesOnWhileOneWaits() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node("wait", TestNode.TYPE, fixed("echo", "w"), fixed("needHumanConfirm", true))
                .node("busy", TestNode.TYPE, fixed("echo", "b"), fixed("sleepMs", 20))
                .end(var("w", "wait.echo"), var("b", "busy.echo"))
                .edge("start", "wait")
                .edge("start", "busy")
                .edge("wait", "end")
                .edge("busy", "end")
                .build();
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(d, sink);

        Eventually.assertTrue(() -> sink.lines().contains("NodeFinished busy"), "the other branch finishes");
        assertFalse(handle.isDone());
        assertFalse(sink.lines().contains("NodeStarted end"), "the join waits for the confirmation");

        handle.confirm("wait", true, null);
        EngineEvent terminal = end(handle, sink);
        assertEquals(J.obj("{'w':'w','b':'b'}"), ((WorkflowFinished) terminal).result());
        assertEquals(
                List.of("WaitingForHuman wait", "NodeStarted wait", "NodeFinished wait"),
                sink.lines(l -> l.endsWith(" wait")));
        assertEquals(
                List.of("WaitingChanged wait", "WaitingForHuman wait", "WaitingChanged -", "NodeStarted wait"),
                sink.allLines().stream()
                        .filter(l -> l.startsWith("Waiting") || l.equals("NodeStarted wait"))
                        .toList(),
                "the waiting set counts the node before it is announced, and empties before it runs");
    }

    @Test
    void cancelingAWaitingRunEndsTheWaitingNode() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(single(fixed("needHumanConfirm", true), fixed("confirmTimeoutMs", 200)), sink);

        handle.cancel();
        EngineEvent terminal = end(handle, sink);
        assertEquals(0, time.pending(), "the confirmation timer is canceled");
        time.advance(Duration.ofSeconds(1));

        assertTrue(terminal instanceof WorkflowCanceled);
        assertEquals(
                List.of(
                        "WorkflowStarted",
                        "NodeStarted start",
                        "NodeFinished start",
                        "WaitingForHuman t",
                        "NodeFailed t CANCELED",
                        "WorkflowCanceled"),
                sink.lines(),
                "the confirmation timer is gone");
    }

    @Test
    void aRecordedWaitingRunResumesFromItsHistory() throws Exception {
        FunctionDesign d = design().start(param("x", "String", true))
                .node("a", TestNode.TYPE, var("echo", "input.x"))
                .node(
                        "cond",
                        NodeType.Condition,
                        fixedJson(
                                "conditions",
                                "[{'key':'yes','value':{'left':{'type':'ref','content':['a','echo']},'operator':'equals','right':{'type':'constant','content':'draft'}}}]"))
                .node("never", TestNode.TYPE, fixed("echo", "n"))
                .node("t", TestNode.TYPE, var("echo", "a.echo"), fixed("needHumanConfirm", true))
                .end(var("echo", "t.echo"), var("sys", "sys.instanceId"))
                .edge("start", "a")
                .edge("a", "cond")
                .edge("cond", "t", "yes")
                .edge("cond", "never", "else")
                .edge("never", "end")
                .edge("t", "end")
                .build();
        RecordingSink before = new RecordingSink();
        RunRequest request = Engines.request(d, J.obj("{'x':'draft'}"));
        RunHandle first = engines.executor.start(request, before);
        Eventually.assertTrue(() -> !before.all(WaitingForHuman.class).isEmpty(), "the run waits");
        assertTrue(before.lines().contains("NodeSkipped never"), before.lines().toString());

        // what history holds: the finished top-level nodes and the last sequence
        Map<String, ResumePoint.EndedNode> ended = new HashMap<>();
        for (NodeFinished f : before.all(NodeFinished.class)) {
            ended.put(f.node().nodeKey(), new ResumePoint.EndedNode(true, f.outputs(), f.branch()));
        }
        List<EngineEvent> recorded = before.events();
        ResumePoint point = ResumePoint.topLevel(
                recorded.get(recorded.size() - 1).sequence(), recorded.get(0).timestamp(), ended, Map.of());
        first.cancel(); // the old server's run is gone

        RecordingSink after = new RecordingSink();
        RunHandle resumed = engines.executor.resume(request, point, after);
        Eventually.assertTrue(() -> !after.all(WaitingForHuman.class).isEmpty(), "the resumed run waits again");
        assertEquals(point.lastSequence() + 1, after.events().get(0).sequence());
        RunResumed announced = (RunResumed) after.events().get(0);
        assertEquals(
                List.of(request.appId(), request.version(), point.startedAt(), 3),
                List.of(announced.appId(), announced.version(), announced.startedAt(), announced.completedSteps()),
                "projections learn the run's app, version, first start and steps taken (start, a, cond)");
        assertEquals(
                J.obj("{'echo':'draft'}"),
                after.first(WaitingForHuman.class, "t").inputs());

        resumed.confirm("t", true, J.obj("{'echo':'approved'}"));
        EngineEvent terminal = resumed.await(Duration.ofSeconds(10));
        assertEquals(
                List.of(
                        "WaitingForHuman t",
                        "NodeStarted t",
                        "NodeFinished t",
                        "NodeStarted end",
                        "NodeFinished end",
                        "WorkflowFinished"),
                after.lines());
        assertEquals(
                J.obj("{'echo':'approved','sys':'" + request.instanceId() + "'}"),
                ((WorkflowFinished) terminal).result());
    }

    @Test
    void aResumedRunKeepsTheConfirmationDeadlineItHadBeforeTheRestart() throws Exception {
        FunctionDesign d = single(fixed("needHumanConfirm", true), fixed("confirmTimeoutMs", 60_000));
        RunRequest request = Engines.request(d, J.obj("{'x':'draft'}"));
        Map<String, ResumePoint.EndedNode> ended =
                Map.of("start", new ResumePoint.EndedNode(true, J.obj("{'x':'draft'}"), null));
        Instant now = time.now();

        RecordingSink longAgo = new RecordingSink();
        RunHandle expired = engines.executor.resume(
                request,
                ResumePoint.topLevel(10, now.minusSeconds(120), ended, Map.of("t", now.minusSeconds(61))),
                longAgo);
        Eventually.assertTrue(() -> !longAgo.all(WaitingForHuman.class).isEmpty(), "it waits again, briefly");
        assertEquals(1, longAgo.first(WaitingForHuman.class, "t").timeoutMs(), "what is left: the least there is");
        time.advance(Duration.ofMillis(1));
        EngineEvent terminal = expired.await(Duration.ofSeconds(10));
        assertEquals(
                List.of("WaitingForHuman t", "NodeStarted t", "NodeFailed t CONFIRM_TIMEOUT", "WorkflowFailed"),
                longAgo.lines(),
                "a deadline that passed while no server ran times out at once");
        assertEquals("CONFIRM_TIMEOUT", ((WorkflowFailed) terminal).code());

        Instant later = time.now();
        RecordingSink recently = new RecordingSink();
        RunHandle waitsOn = engines.executor.resume(
                request,
                ResumePoint.topLevel(10, later.minusSeconds(30), ended, Map.of("t", later.minusSeconds(20))),
                recently);
        Eventually.assertTrue(() -> !recently.all(WaitingForHuman.class).isEmpty(), "the resumed run waits again");
        long left = recently.first(WaitingForHuman.class, "t").timeoutMs();
        assertEquals(
                later.minusSeconds(20),
                recently.all(WaitingChanged.class).get(0).waiting().get(0).since(),
                "the waiting set says when the node first began to wait, for the next take-over");
        assertEquals(40_000, left, "40 s of the 60 s are left");
        assertFalse(waitsOn.isDone());
        waitsOn.cancel();
    }

    @Test
    void onlyWhomTheAssigneesAcceptMayAnswer() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle =
                startWaiting(single(fixed("needHumanConfirm", true), fixedJson("assignees", "['alice']")), sink);
        List<JsonArray> asked = new ArrayList<>();

        WorkflowException refused = assertThrows(
                WorkflowException.class,
                () -> handle.confirm("t", true, null, assignees -> {
                    asked.add(assignees);
                    return false;
                }));

        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        assertEquals(List.of(J.json("['alice']")), asked);
        assertEquals(List.of("t"), handle.waitingNodes(), "a refused answer leaves the node waiting");
        assertFalse(handle.isDone());
        handle.confirm("t", true, null, assignees -> assignees.getString(0).equals("alice"));
        assertTrue(end(handle, sink) instanceof WorkflowFinished);
    }
}
