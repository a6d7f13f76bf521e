package io.aiworkflow.engine.support;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.execution.ExecutionLimits;
import io.aiworkflow.engine.execution.RunLease;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.execution.WorkflowExecutor;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeTypeRegistry;
import io.aiworkflow.engine.node.builtin.ConditionNode;
import io.aiworkflow.engine.node.builtin.DataProcessNode;
import io.aiworkflow.engine.node.builtin.EndNode;
import io.aiworkflow.engine.node.builtin.ForEachNode;
import io.aiworkflow.engine.node.builtin.ForkNode;
import io.aiworkflow.engine.node.builtin.StartNode;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** An executor over a small pool with the built-in control nodes, a {@link TestNode} and any extras. */
public final class Engines implements AutoCloseable {

    public final ExecutorService pool;
    public final WorkflowExecutor executor;
    public final TestNode testNode = new TestNode();
    private final ScheduledExecutorService timers;

    public Engines(int threads, ExecutionLimits limits, NodeBehavior... extra) {
        pool = Executors.newFixedThreadPool(threads);
        timers = null;
        executor = new WorkflowExecutor(registry(extra), pool, Clock.systemUTC(), limits);
    }

    /** As a server sharing its runs with others: {@code lease} says whether a run is still this one's. */
    public Engines(RunLease lease, NodeBehavior... extra) {
        pool = Executors.newFixedThreadPool(4);
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-timers");
            t.setDaemon(true);
            return t;
        });
        executor = new WorkflowExecutor(
                registry(extra), pool, timers, Clock.systemUTC(), ExecutionLimits.defaults(), lease);
    }

    /** Timers and clock under the test's hand: deadlines fall due on {@link ManualTime#advance}. */
    public Engines(ManualTime time, NodeBehavior... extra) {
        pool = Executors.newFixedThreadPool(4);
        timers = null;
        executor = new WorkflowExecutor(registry(extra), pool, time, time.clock(), ExecutionLimits.defaults());
    }

    private NodeTypeRegistry registry(NodeBehavior... extra) {
        List<NodeBehavior> behaviors = new ArrayList<>(List.of(
                new StartNode(),
                new EndNode(),
                new ConditionNode(),
                new ForEachNode(),
                new ForkNode(),
                new DataProcessNode(),
                testNode));
        behaviors.addAll(List.of(extra));
        return new NodeTypeRegistry(behaviors);
    }

    public Engines(NodeBehavior... extra) {
        this(4, ExecutionLimits.defaults(), extra);
    }

    public static RunRequest request(FunctionDesign design, JsonObject parameters) {
        return new RunRequest(UUID.randomUUID().toString(), "app-1", 3, 7L, 11L, design, parameters);
    }

    public EngineEvent run(FunctionDesign design, JsonObject parameters, RecordingSink sink) throws Exception {
        EngineEvent terminal = executor.runToEnd(request(design, parameters), sink, Duration.ofSeconds(20));
        sink.assertWellFormed();
        return terminal;
    }

    @Override
    public void close() throws InterruptedException {
        executor.close();
        if (timers != null) {
            timers.shutdownNow();
        }
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
