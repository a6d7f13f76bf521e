package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Publishes the executor's events as CDI events, synchronously on the publishing thread so every
 * observer sees a run's events in sequence order. Observers must be quick (enqueue, fan out).
 */
@ApplicationScoped
public class CdiEventSink implements EngineEventSink {

    @Inject
    private Event<EngineEvent> events;

    @Override
    public void publish(EngineEvent event) {
        events.fire(event);
    }
}
