package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import io.aiworkflow.engine.event.ObserverOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the executor's events to their CDI observers, synchronously on the publishing thread
 * and in the order of their priorities ({@link ObserverOrder}), so every
 * observer sees a run's events in sequence order. Each observer is notified on its own: one that
 * throws is logged and passed over, and neither the run nor the observers after it notice (a plain
 * {@code Event.fire} would stop at the first exception and fail the run's step). Observers must be
 * quick (enqueue, fan out).
 */
@ApplicationScoped
public class CdiEventSink implements EngineEventSink {

    private static final Logger LOG = Logger.getLogger(CdiEventSink.class.getName());

    @Inject
    private BeanManager beans;

    /** the synchronous observers of each event type, by priority: resolved once per type */
    private final Map<Class<?>, List<ObserverMethod<? super EngineEvent>>> observers = new ConcurrentHashMap<>();

    @Override
    public void publish(EngineEvent event) {
        for (ObserverMethod<? super EngineEvent> observer : observersOf(event)) {
            try {
                observer.notify(event);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.SEVERE,
                        "observer " + observer.getBeanClass().getName() + " failed on event " + event.sequence()
                                + " of run " + event.instanceId() + "; the run and the other observers go on",
                        e);
            }
        }
    }

    private List<ObserverMethod<? super EngineEvent>> observersOf(EngineEvent event) {
        return observers.computeIfAbsent(
                event.getClass(),
                type -> beans.resolveObserverMethods(event).stream()
                        .filter(o -> !o.isAsync())
                        .sorted(Comparator.comparingInt(ObserverMethod::getPriority))
                        .toList());
    }
}
