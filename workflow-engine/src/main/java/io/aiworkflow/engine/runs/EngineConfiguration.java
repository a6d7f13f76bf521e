package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.execution.ExecutionLimits;
import io.aiworkflow.engine.execution.RunLease;
import io.aiworkflow.engine.execution.WorkflowExecutor;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeTypeRegistry;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wires the container-free executor into the container: node types from CDI, threads from the
 * server's managed thread factory (so node code sees the application's naming and CDI context).
 * The pool is sized for blocking node work (HTTP plugins, LLM calls); the executor never makes a
 * pool thread wait for another task, so the size bounds concurrency but cannot deadlock.
 */
@ApplicationScoped
public class EngineConfiguration {

    @Resource
    private ManagedThreadFactory threadFactory;

    @Inject
    private Instance<NodeBehavior> behaviors;

    @Inject
    private RunLease lease;

    private ExecutorService nodePool;
    private ScheduledExecutorService timers;
    private WorkflowExecutor executor;

    /** Dependent scope (the executor is not proxyable); this bean hands out its one instance. */
    @Produces
    WorkflowExecutor executor() {
        synchronized (this) {
            if (executor == null) {
                Settings settings = Settings.current();
                int nodeThreads = settings.intValue(Setting.NODE_THREADS, 64);
                // a team's share of the node threads: the rest stays free for other teams' nodes
                int teamThreads = settings.intValue(Setting.TEAM_NODE_THREADS, Math.max(1, nodeThreads * 3 / 4));
                ThreadPoolExecutor pool = new ThreadPoolExecutor(
                        nodeThreads, nodeThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
                pool.allowCoreThreadTimeOut(true);
                nodePool = pool;
                timers = new ScheduledThreadPoolExecutor(1, threadFactory);
                executor = new WorkflowExecutor(
                        new NodeTypeRegistry(behaviors),
                        nodePool,
                        timers,
                        Clock.systemUTC(),
                        ExecutionLimits.defaults().withNodeTasksPerTeam(teamThreads),
                        lease);
            }
            return executor;
        }
    }

    @PreDestroy
    void shutdown() {
        if (nodePool != null) {
            nodePool.shutdownNow();
            timers.shutdownNow();
        }
    }
}
