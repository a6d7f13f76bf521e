package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.WorkflowStarted;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The debug-message projection (seed 000, DESIGN.md §4.5): observes the engine stream and sends
 * each watched run's messages to its watchers, by run or by app. Runs nobody watches cost one map
 * entry; the debug state is built only for watched runs.
 */
@ApplicationScoped
public class DebugChannel {

    private record RunMeta(String appId, int version, Instant started, int completedSteps) {
    }

    private final Map<String, RunMeta> live = new ConcurrentHashMap<>();
    private final Map<String, DebugRun> watched = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<JsonObject>>> watchers = new ConcurrentHashMap<>();

    @Inject
    private AppRepository apps;

    /**
     * Watches one run; false when it is not running on this server (finished or unknown). A run this
     * channel has followed since it started (someone watches its app) or resumed starts with a
     * snapshot of its state; a run joined mid-way counts its steps from here.
     */
    public boolean watchRun(String instanceId, Consumer<JsonObject> watcher) {
        RunMeta meta = live.get(instanceId);
        if (meta == null) {
            return false;
        }
        DebugRun followed = watched.get(instanceId);
        DebugRun run = followed != null ? followed : watched.computeIfAbsent(instanceId, id -> debugRun(id, meta));
        synchronized (run) {
            // under the run's lock: no message of the run can come between the snapshot and the next one
            watchers.computeIfAbsent("run:" + instanceId, k -> new CopyOnWriteArraySet<>()).add(watcher);
            if (followed != null) {
                // only a run followed since it started (or resumed) knows its steps: no snapshot otherwise
                try {
                    watcher.accept(run.snapshot(Instant.now()));
                } catch (RuntimeException gone) {
                    unwatch(watcher);
                }
            }
        }
        return true;
    }

    /**
     * A waiting run taken over by this server after its own stopped: it announces no start, so it is
     * made watchable here (by run; app watchers follow runs started after they connected).
     */
    public void resumed(String instanceId, String appId, int version, Instant started, int completedSteps) {
        RunMeta meta = new RunMeta(appId, version, started, completedSteps);
        live.put(instanceId, meta);
        // followed from now on, so a watcher's snapshot knows the node it waits on again
        watched.put(instanceId, debugRun(instanceId, meta));
    }

    /** Watches every run of the app started from now on. */
    public void watchApp(String appId, Consumer<JsonObject> watcher) {
        watchers.computeIfAbsent("app:" + appId, k -> new CopyOnWriteArraySet<>()).add(watcher);
    }

    public void unwatch(Consumer<JsonObject> watcher) {
        watchers.values().forEach(set -> set.remove(watcher));
    }

    void onEvent(@Observes @Priority(3000) EngineEvent event) {
        String id = event.instanceId();
        if (event instanceof WorkflowStarted started) {
            RunMeta meta = new RunMeta(started.appId(), started.version(), started.timestamp(), 0);
            live.put(id, meta);
            if (hasWatchers("app:" + started.appId())) {
                watched.put(id, debugRun(id, meta));
            }
            return;
        }
        DebugRun run = watched.get(id);
        if (run != null) {
            synchronized (run) {
                for (JsonObject message : run.accept(event)) {
                    deliver("run:" + id, message);
                    deliver("app:" + run.appId(), message);
                }
            }
        }
        if (event.isTerminal()) {
            live.remove(id);
            watched.remove(id);
            watchers.remove("run:" + id);
        }
    }

    private boolean hasWatchers(String key) {
        Set<Consumer<JsonObject>> set = watchers.get(key);
        return set != null && !set.isEmpty();
    }

    private void deliver(String key, JsonObject message) {
        Set<Consumer<JsonObject>> set = watchers.get(key);
        if (set == null) {
            return;
        }
        for (Consumer<JsonObject> watcher : set) {
            try {
                watcher.accept(message);
            } catch (RuntimeException gone) {
                set.remove(watcher);
            }
        }
    }

    private DebugRun debugRun(String instanceId, RunMeta meta) {
        App app = apps.byId(meta.appId()).orElse(null);
        int steps = apps.design(meta.appId()).map(AppWorkflowDesign::getFunctionDesign)
                .map(json -> FunctionDesignReader.read(Jsons.parse(json)).nodes().size()).orElse(1);
        return new DebugRun(instanceId, meta.appId(), app == null ? meta.appId() : app.getName(), meta.version(),
                steps, meta.started(), Math.min(meta.completedSteps(), steps));
    }
}
