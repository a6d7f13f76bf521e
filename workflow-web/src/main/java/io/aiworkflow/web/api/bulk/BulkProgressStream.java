package io.aiworkflow.web.api.bulk;

import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams an operation's progress: an event {@code progress} with the operation each time it
 * changed (looked at every second), and a last one when it has ended; then the stream closes. No
 * request thread waits meanwhile.
 */
@ApplicationScoped
public class BulkProgressStream {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private BulkOperationService bulk;

    void follow(Caller caller, String id, SseEventSink sink, Sse sse) {
        AtomicReference<String> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable look = () -> {
            try {
                if (sink.isClosed()) {
                    throw new IllegalStateException("client gone");
                }
                Operation op = bulk.get(caller, id);
                String json = JSONB.toJson(op);
                if (!json.equals(last.getAndSet(json))) {
                    sink.send(sse.newEventBuilder().name("progress").data(json).build());
                }
                if (BulkState.valueOf(op.state()).isEnded()) {
                    throw new IllegalStateException("ended");
                }
            } catch (RuntimeException end) {
                sink.close();
                ScheduledFuture<?> t = task.get();
                if (t != null) {
                    t.cancel(false);
                }
                throw end; // stops the repetition
            }
        };
        task.set(scheduler.scheduleWithFixedDelay(look, 0, 1, TimeUnit.SECONDS));
    }
}
