package io.aiworkflow.web.incontainer;

import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicInteger;

/** A broken projection, deployed only with the in-container tests: it throws on every finished node. */
@ApplicationScoped
public class FailingProjection {

    static final AtomicInteger FAILURES = new AtomicInteger();

    void onNodeFinished(@Observes @Priority(ObserverOrder.HISTORY + 1) NodeFinished event) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("a broken projection (on purpose, in the in-container test)");
    }
}
