package io.aiworkflow.bench;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.execution.ExecutionLimits;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.execution.WorkflowExecutor;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.NewInstance;
import io.aiworkflow.engine.history.PendingInstances;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.node.NodeTypeRegistry;
import io.aiworkflow.engine.node.builtin.DataProcessNode;
import io.aiworkflow.engine.node.builtin.EndNode;
import io.aiworkflow.engine.node.builtin.StartNode;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.trace.TraceLevel;
import io.aiworkflow.engine.trace.TraceRecorder;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine in process, as RunService drives it in the container for a caller that waits for the
 * answer: register the instance row with the real HistoryWriter (which inserts it with the run's
 * first rows), start the run with a sink feeding that writer, wait for the terminal event and for
 * {@code whenClosed} (the run's history committed). Times each phase.
 */
final class EngineScenario implements AutoCloseable {

    private final SimplePool pool;
    private final HistoryWriter history;
    private final PendingInstances pendingInstances = new PendingInstances();
    private final ExecutorService nodePool;
    private final WorkflowExecutor executor;
    private final EngineEventSink sink;
    private final FunctionDesign design = BenchDesign.design();
    private final JsonObject parameters = BenchDesign.parameters();
    private final String appId;
    private final long teamId;

    private TraceRecorder trace;
    private TraceLevel traceLevel;
    final LongAdder runs = new LongAdder();
    final LongAdder openNanos = new LongAdder();
    final LongAdder runNanos = new LongAdder();
    final LongAdder historyNanos = new LongAdder();

    EngineScenario(DataSource physical, int connections, int nodeThreads, String appId, long teamId) throws Exception {
        this(physical, connections, nodeThreads, appId, teamId, null);
    }

    /**
     * With {@code traceLevel} set, the persisted trace projection runs too (the app's trace level set
     * to it, and each run announced with it as the server does): the history writer commits each
     * run's frames with its history.
     */
    EngineScenario(DataSource physical, int connections, int nodeThreads, String appId, long teamId, String traceLevel)
            throws Exception {
        this.appId = appId;
        this.teamId = teamId;
        pool = new SimplePool(physical, connections);
        if (traceLevel != null) {
            try (var c = physical.getConnection();
                    var ps = c.prepareStatement("update app set trace_level = ? where id = ?")) {
                ps.setString(1, traceLevel);
                ps.setString(2, appId);
                ps.executeUpdate();
            }
            trace = new TraceRecorder(pool);
            this.traceLevel = TraceLevel.parse(traceLevel);
        }
        history = new HistoryWriter(pool, Thread::new, "bench", pendingInstances, trace);
        history.start();
        nodePool = Executors.newFixedThreadPool(nodeThreads, daemonThreads("engine-node-"));
        executor = newExecutor(nodePool);
        sink = history::onEvent;
    }

    static WorkflowExecutor newExecutor(ExecutorService nodePool) {
        return new WorkflowExecutor(
                new NodeTypeRegistry(List.of(new StartNode(), new EndNode(), new DataProcessNode())),
                nodePool,
                Clock.systemUTC(),
                ExecutionLimits.defaults());
    }

    /** One run of the design without any history: the events the history writer would get. */
    static List<EngineEvent> captureEvents(String appId, long teamId) throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2, daemonThreads("capture-"));
        try (WorkflowExecutor executor = newExecutor(nodes)) {
            List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
            EngineEvent terminal = executor.runToEnd(
                    new RunRequest(
                            UUID.randomUUID().toString(),
                            appId,
                            1,
                            teamId,
                            0,
                            BenchDesign.design(),
                            BenchDesign.parameters()),
                    events::add,
                    Duration.ofSeconds(30));
            if (!(terminal instanceof WorkflowFinished)) {
                throw new IllegalStateException("the bench design did not finish: " + terminal);
            }
            return List.copyOf(events);
        } finally {
            nodes.shutdownNow();
        }
    }

    private static final Caller BENCH_CALLER = new Caller(null, "bench", 0L, Role.admin);

    Load.Execution execution() {
        return () -> {
            String id = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            CompletableFuture<Void> recorded = history.whenClosed(id);
            pendingInstances.register(new NewInstance(
                    id,
                    appId,
                    teamId,
                    null,
                    1,
                    parameters,
                    BENCH_CALLER,
                    "bench",
                    Instant.now(),
                    RunOrigin.API,
                    null,
                    RunLineage.NONE));
            if (trace != null) {
                trace.expect(id, traceLevel, "bench"); // as the server does with the app it checked
            }
            long t1 = System.nanoTime();
            RunHandle handle = executor.start(new RunRequest(id, appId, 1, teamId, 0, design, parameters), sink);
            EngineEvent terminal = handle.await(Duration.ofSeconds(60));
            long t2 = System.nanoTime();
            if (!(terminal instanceof WorkflowFinished)) {
                throw new IllegalStateException("run " + id + " ended with " + terminal);
            }
            recorded.get(60, TimeUnit.SECONDS);
            long t3 = System.nanoTime();
            if (Load.measuring) {
                runs.increment();
                openNanos.add(t1 - t0);
                runNanos.add(t2 - t1);
                historyNanos.add(t3 - t2);
            }
        };
    }

    /** Mean time per phase over the measured runs, and runs per history commit. */
    String breakdown() {
        long n = Math.max(1, runs.sum());
        long batches = pool.historyBatches.sum();
        return String.format(
                "open %.2f ms, run→terminal %.2f ms, terminal→history committed %.2f ms; %.1f runs per history commit",
                openNanos.sum() / 1e6 / n,
                runNanos.sum() / 1e6 / n,
                historyNanos.sum() / 1e6 / n,
                batches == 0 ? Double.NaN : (double) runs.sum() / batches);
    }

    void resetCounters() {
        runs.reset();
        openNanos.reset();
        runNanos.reset();
        historyNanos.reset();
        pool.historyBatches.reset();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() throws Exception {
        history.stop();
        executor.close();
        nodePool.shutdownNow();
        nodePool.awaitTermination(5, TimeUnit.SECONDS);
        pool.close();
    }
}
