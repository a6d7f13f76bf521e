package io.aiworkflow.web.ws;

import io.aiworkflow.engine.debug.DebugChannel;
import io.aiworkflow.engine.debug.DebugWatcher;
import io.aiworkflow.web.delivery.Deliveries;
import io.aiworkflow.web.delivery.Outbox;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A debug-channel watcher on a WebSocket: messages go out through the socket's own outbox (one send
 * at a time, each bounded by the send timeout), rendered as the endpoint's clients expect them. A
 * watcher that falls behind is closed with 1008, one whose run moved to another server with 1001.
 */
final class SocketWatcher implements DebugWatcher {

    private final Outbox<String> outbox;
    private final Function<JsonObject, String> render;

    private SocketWatcher(Outbox<String> outbox, Function<JsonObject, String> render) {
        this.outbox = outbox;
        this.render = render;
    }

    private static final String PROPERTY = "debug.watcher";

    /** The session's watcher, kept with the session so that closing it unwatches. */
    static SocketWatcher open(Session session, Deliveries deliveries, Function<JsonObject, String> render) {
        SocketWatcher watcher = new SocketWatcher(deliveries.open(new SocketChannel(session), String::length), render);
        session.getUserProperties().put(PROPERTY, watcher);
        return watcher;
    }

    /** The socket closed or failed: its watcher (if it got one) stops watching. */
    static void closed(Session session, DebugChannel channel) {
        Object watcher = session.getUserProperties().get(PROPERTY);
        if (watcher != null) {
            channel.unwatch((DebugWatcher) watcher);
        }
    }

    @Override
    public void accept(JsonObject message) {
        if (!outbox.offer(render.apply(message), false)) {
            throw new IllegalStateException("the watcher is closed or fell behind"); // unsubscribes it
        }
    }

    @Override
    public void runLeft(String run) {
        // the client reads the run again (another server follows it now)
        outbox.close();
    }

    private static final class SocketChannel implements Outbox.Channel<String> {
        private final Session session;

        SocketChannel(Session session) {
            this.session = session;
        }

        @Override
        public void send(String message) throws Exception {
            if (!session.isOpen()) {
                throw new IOException("closed");
            }
            Future<Void> sent;
            Thread thread = Thread.currentThread();
            ClassLoader application = thread.getContextClassLoader();
            // Tyrus restarts the session's idle timer on every send, as a task on the server's managed
            // scheduled executor, and the server captures the sending thread's context for that task:
            // it looks up thread-context providers through the thread's context class loader, which
            // for the application's loader means reading every jar of the application and the
            // server, once per message (two thirds of the server's CPU with a thousand watchers).
            // The send and the timer need nothing of the application's classes; the platform loader
            // has no such providers and answers the lookup at once.
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                sent = session.getAsyncRemote().sendText(message);
            } finally {
                thread.setContextClassLoader(application);
            }
            sent.get(Deliveries.SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close(boolean slow) {
            try {
                session.close(
                        slow
                                ? new CloseReason(
                                        CloseReason.CloseCodes.VIOLATED_POLICY,
                                        "slow_consumer: the watcher fell behind")
                                : new CloseReason(
                                        CloseReason.CloseCodes.GOING_AWAY, "the run moved to another server"));
            } catch (IOException | RuntimeException gone) {
                // already closed
            }
        }
    }
}
