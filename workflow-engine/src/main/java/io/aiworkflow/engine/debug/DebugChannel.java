package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppWorkflowVersion;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.ObserverOrder;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.InstanceStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongPredicate;

/**
 * The debug-message projection behind the WebSocket debug channel: observes the engine stream and sends
 * each watched run's messages to its watchers, by run or by app. Every live run is folded (a few
 * counters), so a watcher that joins mid-way starts from a true snapshot; messages are built only
 * for watched runs.
 */
@ApplicationScoped
public class DebugChannel {

    /** The messages' times are the server's local time, as NexusAI's clients expect them (no offset is sent). */
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private final Map<String, DebugRun> live = new ConcurrentHashMap<>();
    private final Map<String, Set<DebugWatcher>> watchers = new ConcurrentHashMap<>();
    /** watchers of every run their caller may see, with the test of a run's team */
    private final Map<DebugWatcher, LongPredicate> callerWatchers = new ConcurrentHashMap<>();
    /** each app's team, looked up once (only while someone watches by caller) */
    private final Map<String, Long> teams = new ConcurrentHashMap<>();

    @Inject
    private AppRepository apps;

    @Inject
    private HistoryWriter history;

    @Inject
    private InstanceStore instances;

    /**
     * Watches one run; false when it is not running on this server (finished or unknown). The
     * watcher first receives a snapshot of the run's state (steps, tokens, whether it waits).
     */
    public boolean watchRun(String instanceId, DebugWatcher watcher) {
        DebugRun run = live.get(instanceId);
        if (run == null) {
            return false;
        }
        synchronized (run) {
            // under the run's lock: no message of the run can come between the snapshot and the next one
            describe(run);
            watchers.computeIfAbsent("run:" + instanceId, k -> new CopyOnWriteArraySet<>())
                    .add(watcher);
            try {
                watcher.accept(run.snapshot(Instant.now()));
            } catch (RuntimeException gone) {
                unwatch(watcher);
            }
        }
        return true;
    }

    /** Watches every run of the app started from now on. */
    public void watchApp(String appId, DebugWatcher watcher) {
        watchers.computeIfAbsent("app:" + appId, k -> new CopyOnWriteArraySet<>())
                .add(watcher);
    }

    /**
     * Watches every run started (or taken over) from now on whose team {@code teamVisible} accepts:
     * one socket per caller, as NexusAI's clients connect.
     */
    public void watchCaller(DebugWatcher watcher, LongPredicate teamVisible) {
        callerWatchers.put(watcher, teamVisible);
    }

    public void unwatch(DebugWatcher watcher) {
        watchers.values().forEach(set -> set.remove(watcher));
        callerWatchers.remove(watcher);
    }

    void onEvent(@Observes @Priority(ObserverOrder.DEBUG_CHANNEL) EngineEvent event) {
        String id = event.instanceId();
        if (event instanceof WorkflowStarted started) {
            follow(new DebugRun(
                    id, started.appId(), started.version(), started.origin(), started.timestamp(), 0, ZONE));
            return;
        }
        if (event instanceof RunResumed resumed) {
            // taken over from a stopped server: watchable here with the steps it had taken
            follow(new DebugRun(
                    id,
                    resumed.appId(),
                    resumed.version(),
                    resumed.origin(),
                    resumed.startedAt(),
                    resumed.completedSteps(),
                    ZONE));
            return;
        }
        DebugRun run = live.get(id);
        if (run != null && event.isTerminal() && !(event instanceof RunHandedOver)) {
            List<JsonObject> last;
            synchronized (run) {
                last = run.accept(event);
            }
            // the end is told once history has it: a watcher that reads the run then finds it ended
            history.whenWritten(id).whenComplete((written, failure) -> {
                synchronized (run) {
                    last.forEach(message -> deliverToAll(run, message));
                }
                forget(event);
            });
            return;
        }
        if (run != null) {
            synchronized (run) {
                for (JsonObject message : run.accept(event)) {
                    deliverToAll(run, message);
                }
            }
        }
        if (event.isTerminal()) {
            forget(event);
        }
    }

    /** A run begins here (app watchers follow runs started, or taken over, after they connected). */
    private void follow(DebugRun run) {
        live.put(run.instanceId(), run);
        if (hasWatchers("app:" + run.appId()) || !callerWatchers.isEmpty()) {
            synchronized (run) {
                describe(run);
            }
        }
    }

    private void deliverToAll(DebugRun run, JsonObject message) {
        deliver("run:" + run.instanceId(), message);
        deliver("app:" + run.appId(), message);
        if (!callerWatchers.isEmpty()) {
            long team = teams.computeIfAbsent(
                    run.appId(), id -> apps.byId(id).map(App::getTeamId).orElse(-1L));
            callerWatchers.forEach((watcher, visible) -> {
                if (visible.test(team)) {
                    try {
                        watcher.accept(message);
                    } catch (RuntimeException gone) {
                        callerWatchers.remove(watcher);
                    }
                }
            });
        }
    }

    private void forget(EngineEvent event) {
        String id = event.instanceId();
        live.remove(id);
        Set<DebugWatcher> runWatchers = watchers.remove("run:" + id);
        if (event instanceof RunHandedOver && runWatchers != null) {
            runWatchers.forEach(w -> w.runLeft(id));
        }
    }

    private boolean hasWatchers(String key) {
        Set<DebugWatcher> set = watchers.get(key);
        return set != null && !set.isEmpty();
    }

    private void deliver(String key, JsonObject message) {
        Set<DebugWatcher> set = watchers.get(key);
        if (set == null) {
            return;
        }
        for (DebugWatcher watcher : set) {
            try {
                watcher.accept(message);
            } catch (RuntimeException gone) {
                set.remove(watcher);
            }
        }
    }

    /** The app's name and the step count of the version that runs, looked up once, when the run is first watched. */
    private void describe(DebugRun run) {
        if (run.isDescribed()) {
            return;
        }
        App app = apps.byId(run.appId()).orElse(null);
        FunctionDesign design = (run.version() == InstanceStore.DRAFT_VERSION
                        ? instances.draftDesign(run.instanceId())
                        : apps.version(run.appId(), run.version()).map(AppWorkflowVersion::getFunctionDesign))
                .map(json -> FunctionDesignReader.read(Jsons.parse(json)))
                .orElse(null);
        run.describe(
                app == null ? run.appId() : app.getName(),
                design == null ? 1 : design.nodes().size(),
                design == null ? Map.of() : levels(design));
    }

    /** Each node's level: how many connections from Start it is reached by at the fewest (a breadth-first walk). */
    static Map<String, Integer> levels(FunctionDesign design) {
        Map<String, List<String>> next = new HashMap<>();
        design.connections()
                .forEach(c -> next.computeIfAbsent(c.sourceNodeKey(), k -> new ArrayList<>())
                        .add(c.targetNodeKey()));
        Map<String, Integer> levels = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        design.nodesOfType(NodeType.Start).forEach(start -> {
            levels.put(start.nodeKey(), 0);
            queue.add(start.nodeKey());
        });
        while (!queue.isEmpty()) {
            String key = queue.poll();
            for (String target : next.getOrDefault(key, List.of())) {
                if (levels.putIfAbsent(target, levels.get(key) + 1) == null) {
                    queue.add(target);
                }
            }
        }
        return levels;
    }
}
