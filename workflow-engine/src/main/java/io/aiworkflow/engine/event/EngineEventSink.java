package io.aiworkflow.engine.event;

/**
 * Where the executor publishes a run's events, in sequence order. In the container it fires CDI
 * events to the projections; in engine tests a recorder keeps them.
 */
@FunctionalInterface
public interface EngineEventSink {
    void publish(EngineEvent event);
}
