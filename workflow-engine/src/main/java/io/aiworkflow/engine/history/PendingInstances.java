package io.aiworkflow.engine.history;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs whose row the history writer inserts with their first history rows, in the same commit,
 * rather than in a commit of their own before they start. Only for a caller that learns the run's
 * id from its recorded answer (or from a 202 sent once the future {@link #register} returns
 * completes): nobody can ask for the run before that row exists.
 */
@ApplicationScoped
public class PendingInstances {

    private record Pending(NewInstance instance, CompletableFuture<WrittenRun> opened) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * The history writer will insert this run's row; the future completes once it is committed, with
     * the run as written so far ({@link WrittenRun}: whole once its end is committed too), or with
     * null when the writer will not insert it.
     */
    public CompletableFuture<WrittenRun> register(NewInstance instance) {
        CompletableFuture<WrittenRun> opened = new CompletableFuture<>();
        pending.put(instance.id(), new Pending(instance, opened));
        return opened;
    }

    /** The row still to insert for this run, or null when it is in the database (or never pending). */
    NewInstance of(String instanceId) {
        Pending p = pending.get(instanceId);
        return p == null ? null : p.instance();
    }

    /** The run's row is committed, or will not be written by the history writer: release waiters. */
    void opened(String instanceId) {
        opened(instanceId, null);
    }

    /** The run's row is committed; {@code written}: the whole run as written, when that commit held it all. */
    void opened(String instanceId, WrittenRun written) {
        Pending p = pending.remove(instanceId);
        if (p != null) {
            p.opened().complete(written);
        }
    }

    /** The run did not start after all: nothing will be written for it. */
    public void abandon(String instanceId) {
        opened(instanceId);
    }
}
