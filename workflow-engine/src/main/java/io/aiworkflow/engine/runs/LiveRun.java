package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.WrittenRun;
import io.aiworkflow.engine.trace.TraceFrame;
import io.aiworkflow.engine.trace.TraceFrameProjector;
import io.aiworkflow.engine.trace.TraceLevel;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A run in progress on this server: its API events so far (for late subscribers) and the
 * subscribers that get each new one. A subscriber that throws is dropped; the run goes on.
 */
public final class LiveRun {

    /**
     * One API event, or one trace frame ({@code trace} true), with the engine sequence number of the
     * event that produced it (the SSE id; the frames of one event share it and come before its API event).
     * A terminal item without payload ends the stream of a run another server took over.
     */
    public record Item(long seq, JsonObject payload, boolean terminal, boolean trace) {
        public Item(long seq, JsonObject payload, boolean terminal) {
            this(seq, payload, terminal, false);
        }
    }

    private final String instanceId;
    private final List<Item> items = new ArrayList<>();
    private final List<Consumer<Item>> subscribers = new CopyOnWriteArrayList<>();
    private volatile RunHandle handle;
    private volatile CompletableFuture<Void> recorded;
    private volatile CompletableFuture<WrittenRun> opened = CompletableFuture.completedFuture(null);
    private volatile boolean finished;
    /** Set before the run starts when a client asked for trace frames (streamModes=trace). */
    private volatile TraceFrameProjector traces;

    private volatile TraceLevel traceLevel = TraceLevel.FULL;

    /** a run resumed after a restart: its events up to this sequence are only in history */
    private volatile long resumedAfter;

    LiveRun(String instanceId) {
        this.instanceId = instanceId;
    }

    void resumedAfter(long lastRecordedSeq) {
        resumedAfter = lastRecordedSeq;
    }

    /**
     * 0 for a run that started on this server; for one resumed here after a restart, the last
     * sequence its earlier server recorded: a replay reads events up to it from history.
     */
    public long resumedAfter() {
        return resumedAfter;
    }

    public String instanceId() {
        return instanceId;
    }

    void traceFrames(TraceLevel level, String workflowName) {
        traceLevel = level;
        traces = new TraceFrameProjector(workflowName);
    }

    public void attach(RunHandle handle) {
        this.handle = handle;
    }

    public void recordedBy(CompletableFuture<Void> recorded) {
        this.recorded = recorded;
    }

    void openedBy(CompletableFuture<WrittenRun> opened) {
        this.opened = opened;
    }

    /**
     * Completes once the run's row is in the database: at once, unless the history writer inserts it
     * with the run's first rows ({@link RunService#startForAnswer}).
     */
    public CompletableFuture<?> opened() {
        return opened;
    }

    /**
     * Once {@link #recorded()}: the run as the history writer committed it, which is what a read of
     * it gives back; null when the writer did not keep it to its end (its row went in before it
     * started, it waited for a person, it has very many node rows, or another server ended it).
     */
    public Instance asWritten() {
        WrittenRun written = opened.getNow(null);
        return written == null ? null : written.instance();
    }

    /** Completes once the run's whole history is committed. */
    public CompletableFuture<Void> recorded() {
        return recorded;
    }

    public RunHandle handle() {
        return handle;
    }

    public boolean isFinished() {
        return finished;
    }

    void accept(EngineEvent event) {
        TraceFrameProjector projector = traces;
        if (projector != null) {
            TraceLevel level = traceLevel;
            for (TraceFrame frame : projector.frames(event)) {
                if (level != TraceLevel.NONE) {
                    deliver(new Item(event.sequence(), frame.toJson(level), false, true));
                }
            }
        }
        Item item = ApiEvents.toJson(event)
                .map(json -> new Item(event.sequence(), json, event.isTerminal()))
                .orElse(null);
        if (event.isTerminal() && !(event instanceof RunHandedOver) && recorded != null) {
            // acknowledged means recorded: the end is announced once the run's history is committed,
            // however long the database takes, and the engine's thread does not wait for it
            recorded.whenComplete((done, failure) -> {
                if (item != null) {
                    deliver(item);
                }
                finished = true;
            });
            return;
        }
        if (item != null) {
            deliver(item);
        }
        if (event instanceof RunHandedOver) {
            deliver(new Item(event.sequence(), null, true));
        }
        if (event.isTerminal()) {
            finished = true;
        }
    }

    /** Delivery under the lock: a subscriber joining now gets this item exactly once. */
    private synchronized void deliver(Item item) {
        items.add(item);
        finished |= item.terminal();
        for (Consumer<Item> s : subscribers) {
            try {
                s.accept(item);
            } catch (RuntimeException gone) {
                subscribers.remove(s);
            }
        }
        if (item.terminal()) {
            subscribers.clear();
        }
    }

    /**
     * Sends every item after {@code afterSeq} to {@code subscriber}, then each new one. Replay and
     * registration happen under the run's lock so nothing is missed or sent twice. False when the
     * run had already finished: the subscriber got all it will get and is not kept. The answer is
     * decided under the lock; checking {@link #isFinished} afterwards can see a run finish whose
     * last item is still on its way to this subscriber.
     */
    public boolean subscribe(long afterSeq, Consumer<Item> subscriber) {
        synchronized (this) {
            for (Item item : items) {
                if (item.seq() > afterSeq) {
                    subscriber.accept(item);
                }
            }
            if (finished) {
                return false;
            }
            subscribers.add(subscriber);
            return true;
        }
    }

    public void unsubscribe(Consumer<Item> subscriber) {
        subscribers.remove(subscriber);
    }
}
