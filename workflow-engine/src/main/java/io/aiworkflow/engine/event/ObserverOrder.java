package io.aiworkflow.engine.event;

/**
 * The order in which the engine stream's observers see each event ({@code @Priority}, lowest first;
 * events are fired synchronously on the engine's thread, so this order holds for every event):
 * the projections that record come before those that tell clients, so whatever a client is told
 * can wait for, and find, its record.
 */
public final class ObserverOrder {

    /**
     * History (with the trace frames it writes in the same commit) queues the event first: live
     * streams and the debug channel wait for what it records.
     */
    public static final int HISTORY = 100;
    /** Live SSE streams (and JSON waits), told after the history writer has the event. */
    public static final int LIVE_STREAMS = 2000;
    /** The debug channel, last: it only tells watchers. */
    public static final int DEBUG_CHANNEL = 3000;

    private ObserverOrder() {}
}
