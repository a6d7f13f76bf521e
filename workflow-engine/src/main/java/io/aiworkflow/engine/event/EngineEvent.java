package io.aiworkflow.engine.event;

import java.time.Instant;

/**
 * One step of a run, as the executor publishes it. Immutable; every projection (history, SSE,
 * trace, status, debug) is built from this stream alone: a run starts with {@link WorkflowStarted}
 * (or, taken over from a stopped server, {@link RunResumed}) and ends with one terminal event.
 * {@code sequence} rises by one per event from 1; a resumed run goes on 1,000 after its last stored
 * event, so there may be one gap. See docs/ARCHITECTURE.md for the projections.
 */
public sealed interface EngineEvent
        permits WorkflowStarted,
                NodeStarted,
                NodeTraced,
                NodeStreamed,
                NodeFinished,
                NodeFailed,
                NodeSkipped,
                WaitingForHuman,
                WorkflowFinished,
                WorkflowFailed,
                WorkflowCanceled,
                RunHandedOver,
                RunResumed,
                WaitingChanged {

    long sequence();

    String instanceId();

    Instant timestamp();

    /** True for the event that ends a run (on this server, for RunHandedOver): nothing follows it. */
    default boolean isTerminal() {
        return this instanceof WorkflowFinished
                || this instanceof WorkflowFailed
                || this instanceof WorkflowCanceled
                || this instanceof RunHandedOver;
    }
}
