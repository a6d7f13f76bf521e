package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run's event stream: numbers events 1, 2, 3… and hands them to the sink in that order. Callers
 * hold the run's lock, which is what keeps numbering and publication in step. Nothing is published
 * after the terminal event.
 */
final class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class.getName());

    @FunctionalInterface
    interface Factory {
        EngineEvent create(long sequence, String instanceId, Instant now);
    }

    private final String instanceId;
    private final EngineEventSink sink;
    private final Clock clock;
    private final CompletableFuture<EngineEvent> terminal = new CompletableFuture<>();
    private long sequence;
    private EngineEvent terminalEvent;

    RunEvents(String instanceId, EngineEventSink sink, Clock clock, long lastSequence) {
        this.sequence = lastSequence;
        this.instanceId = instanceId;
        this.sink = sink;
        this.clock = clock;
    }

    void publish(Factory factory) {
        if (terminalEvent != null) {
            return;
        }
        EngineEvent event = factory.create(++sequence, instanceId, clock.instant());
        if (event.isTerminal()) {
            terminalEvent = event;
        }
        try {
            sink.publish(event);
        } catch (RuntimeException e) {
            // a failing observer must not break the run; the projections own their failures
            LOG.log(Level.WARNING, "event sink failed on " + event.getClass().getSimpleName() + " of " + instanceId, e);
        }
    }

    boolean ended() {
        return terminalEvent != null;
    }

    /** Completes the terminal future; called outside the lock so waiters never run under it. */
    void completeTerminal() {
        if (terminalEvent != null && !terminal.isDone()) {
            terminal.complete(terminalEvent);
        }
    }

    CompletableFuture<EngineEvent> terminal() {
        return terminal;
    }
}
