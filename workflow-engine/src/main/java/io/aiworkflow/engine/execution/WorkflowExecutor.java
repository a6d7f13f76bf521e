package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import io.aiworkflow.engine.expression.ExpressionEvaluator;
import io.aiworkflow.engine.node.NodeTypeRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Executes workflow designs. Node work runs on the given pool; timeouts and retry backoffs on the
 * timer service. No pool thread ever waits for another task (loops and sub-workflows are driven by
 * the same agenda machinery), so any pool size works, even one shared by many concurrent runs.
 */
public class WorkflowExecutor implements AutoCloseable {

    private final EngineServices services;
    private final boolean ownsTimers;

    public WorkflowExecutor(
            NodeTypeRegistry registry,
            ExecutorService nodePool,
            ScheduledExecutorService timers,
            Clock clock,
            ExecutionLimits limits) {
        this(registry, nodePool, timers, clock, limits, RunLease.ALWAYS, false);
    }

    /** On a server that shares its runs with others: {@code lease} says whether a run is still its own. */
    public WorkflowExecutor(
            NodeTypeRegistry registry,
            ExecutorService nodePool,
            ScheduledExecutorService timers,
            Clock clock,
            ExecutionLimits limits,
            RunLease lease) {
        this(registry, nodePool, timers, clock, limits, lease, false);
    }

    /** With a timer thread of its own, shut down by {@link #close()}. */
    public WorkflowExecutor(NodeTypeRegistry registry, ExecutorService nodePool, Clock clock, ExecutionLimits limits) {
        this(
                registry,
                nodePool,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "workflow-timers");
                    t.setDaemon(true);
                    return t;
                }),
                clock,
                limits,
                RunLease.ALWAYS,
                true);
    }

    private WorkflowExecutor(
            NodeTypeRegistry registry,
            ExecutorService nodePool,
            ScheduledExecutorService timers,
            Clock clock,
            ExecutionLimits limits,
            RunLease lease,
            boolean ownsTimers) {
        this.services = new EngineServices(
                registry,
                new TeamFairPool(nodePool, limits.nodeTasksPerTeam()),
                timers,
                clock,
                limits,
                new ExpressionEvaluator(),
                lease);
        this.ownsTimers = ownsTimers;
    }

    /**
     * Starts a run and returns at once. WorkflowStarted (and, for bad parameters, WorkflowFailed) is
     * published before this returns; every later event on pool or timer threads, in sequence order.
     */
    public RunHandle start(RunRequest request, EngineEventSink sink) {
        Run run = new Run(request, services, sink);
        run.begin();
        return new RunHandle(run);
    }

    /**
     * Continues a recorded run (e.g. one that waited for a human when its server stopped) from
     * {@code point}: no WorkflowStarted; sequence numbers go on after {@code point.lastSequence()}.
     */
    public RunHandle resume(RunRequest request, ResumePoint point, EngineEventSink sink) {
        Run run = new Run(request, services, sink, point.lastSequence(), point.startedAt());
        run.resume(point);
        return new RunHandle(run);
    }

    /** Starts a new run that reuses recorded outcomes of another (see {@link Replay}). */
    public RunHandle replay(RunRequest request, Replay replay, EngineEventSink sink) {
        Run run = new Run(request, services, sink);
        run.replay(replay);
        return new RunHandle(run);
    }

    /** Runs to the terminal event, waiting at most {@code timeout} (then the run is canceled). */
    public EngineEvent runToEnd(RunRequest request, EngineEventSink sink, Duration timeout)
            throws InterruptedException, TimeoutException {
        RunHandle handle = start(request, sink);
        try {
            return handle.await(timeout);
        } catch (TimeoutException | InterruptedException e) {
            try {
                handle.cancel();
            } catch (WorkflowException notCanceled) {
                e.addSuppressed(notCanceled); // another server holds it, or its lease could not be checked
            }
            throw e;
        }
    }

    public EngineEvent runToEnd(RunRequest request, EngineEventSink sink) throws InterruptedException {
        try {
            return runToEnd(request, sink, Duration.ofDays(1));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ownsTimers) {
            services.timers().shutdownNow();
        }
    }
}
