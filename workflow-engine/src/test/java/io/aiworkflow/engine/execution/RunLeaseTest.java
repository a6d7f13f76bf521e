package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.node.NodeTypeRegistry;
import io.aiworkflow.engine.node.builtin.EndNode;
import io.aiworkflow.engine.node.builtin.StartNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.ManualTime;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose heartbeat stalled may find that another took its waiting run over: before it
 * answers, times out or cancels the run it asks its {@link RunLease}, and without the lease it lets
 * go of its copy (RunHandedOver) instead of recording a step the new holder also takes.
 */
class RunLeaseTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    /** deadlines fall due when a test moves this time on, not on the wall clock */
    private final ManualTime time = new ManualTime();
    /** the lease checks so far; the lease is held while this is below {@code heldFor} */
    private final AtomicInteger checks = new AtomicInteger();

    private volatile int heldFor = 0;
    /** the database is away for this many lease checks from the first */
    private volatile int unreachableFor = 0;

    private final WorkflowExecutor executor = new WorkflowExecutor(
            new NodeTypeRegistry(List.of(new StartNode(), new EndNode(), new TestNode())),
            pool,
            time,
            time.clock(),
            ExecutionLimits.defaults(),
            id -> {
                int check = checks.incrementAndGet();
                if (check <= unreachableFor) {
                    throw new IllegalStateException("connection refused");
                }
                return check <= unreachableFor + heldFor;
            });

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static FunctionDesign review(long timeoutMs) {
        return design().start(param("x", "String", true))
                .node(
                        "t",
                        TestNode.TYPE,
                        var("echo", "input.x"),
                        fixed("needHumanConfirm", true),
                        fixed("confirmTimeoutMs", timeoutMs))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
    }

    private RunHandle startWaiting(FunctionDesign d, RecordingSink sink) throws InterruptedException {
        RunHandle handle = executor.start(Engines.request(d, J.obj("{'x':'draft'}")), sink);
        Eventually.assertTrue(() -> !sink.all(WaitingForHuman.class).isEmpty(), "the run waits");
        return handle;
    }

    private static final List<String> UNTIL_WAITING =
            List.of("WorkflowStarted", "NodeStarted start", "NodeFinished start", "WaitingForHuman t");

    @Test
    void aConfirmationWithoutTheLeaseIsRefusedAndTheRunLetGoOf() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(0), sink);

        WorkflowException refused = assertThrows(WorkflowException.class, () -> handle.confirm("t", true, null));

        assertEquals(ErrorCode.CONFLICT, refused.code());
        assertTrue(refused.getMessage().contains("no longer held by this server"), refused.getMessage());
        EngineEvent terminal = handle.await(Duration.ofSeconds(5));
        assertTrue(terminal instanceof RunHandedOver, terminal.toString());
        sink.assertWellFormed();
        assertEquals(
                concat(UNTIL_WAITING, "RunHandedOver"),
                sink.lines(),
                "the waiting node neither runs nor fails here: its new holder answers it");
    }

    @Test
    void aConfirmationWithTheLeaseGoesOn() throws Exception {
        heldFor = 1;
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(0), sink);

        handle.confirm("t", true, null);

        assertEquals("WorkflowFinished", RecordingSink.line(handle.await(Duration.ofSeconds(5))));
        assertEquals(1, checks.get(), "one lease check, when the answer came");
    }

    @Test
    void aTimeoutWithoutTheLeaseDoesNotFailTheRun() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(50), sink);

        time.advance(Duration.ofMillis(50));
        EngineEvent terminal = handle.await(Duration.ofSeconds(5));

        assertTrue(terminal instanceof RunHandedOver, terminal.toString());
        sink.assertWellFormed();
        assertEquals(concat(UNTIL_WAITING, "RunHandedOver"), sink.lines(), "no CONFIRM_TIMEOUT recorded here");
    }

    @Test
    void aCancelWithoutTheLeaseIsRefused() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(0), sink);

        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(WorkflowException.class, handle::cancel).code());

        assertTrue(handle.await(Duration.ofSeconds(5)) instanceof RunHandedOver);
        assertEquals(concat(UNTIL_WAITING, "RunHandedOver"), sink.lines());
    }

    @Test
    void withoutAnAnswerFromTheLeaseTheRunIsLeftAsItIs() throws Exception {
        unreachableFor = 2;
        heldFor = 1;
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(0), sink);

        assertEquals(
                ErrorCode.INTERNAL_ERROR,
                assertThrows(WorkflowException.class, () -> handle.confirm("t", true, null))
                        .code());
        assertEquals(
                ErrorCode.INTERNAL_ERROR,
                assertThrows(WorkflowException.class, handle::cancel).code());
        assertEquals(UNTIL_WAITING, sink.lines(), "still waiting here: neither let go of nor answered");

        handle.confirm("t", true, null);
        assertEquals("WorkflowFinished", RecordingSink.line(handle.await(Duration.ofSeconds(5))));
    }

    @Test
    void aDeadlineWithoutAnAnswerFromTheLeaseIsLookedAtAgain() throws Exception {
        unreachableFor = 1;
        heldFor = 1;
        RecordingSink sink = new RecordingSink();
        RunHandle handle = startWaiting(review(20), sink);

        time.advance(Duration.ofMillis(20));
        assertEquals(UNTIL_WAITING, sink.lines(), "the lease did not answer: the deadline is looked at later");
        time.advance(Duration.ofSeconds(5));
        EngineEvent terminal = handle.await(Duration.ofSeconds(5));

        assertEquals("WorkflowFailed", RecordingSink.line(terminal));
        assertEquals(concat(UNTIL_WAITING, "NodeStarted t"), sink.lines().subList(0, 5));
        assertTrue(
                sink.lines().contains("NodeFailed t CONFIRM_TIMEOUT"),
                sink.lines().toString());
        assertEquals(2, checks.get(), "the deadline was looked at twice");
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> all = new ArrayList<>(head);
        all.add(last);
        return all;
    }
}
