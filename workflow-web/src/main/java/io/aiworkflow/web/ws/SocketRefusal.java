package io.aiworkflow.web.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket the endpoint refuses (a run or app the caller may not watch) once its opening is
 * over, from another thread: Tyrus handles a close from inside {@code @OnOpen} badly (the upgraded
 * request can be left half-recycled, and a later plain request then fails with an error page).
 */
final class SocketRefusal {

    /** Long enough for {@code @OnOpen} to have returned and the upgrade to have finished. */
    private static final Executor AFTER_OPENING = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    private SocketRefusal() {}

    static void close(Session session, CloseReason.CloseCode code, String reason) {
        CompletableFuture.runAsync(
                () -> {
                    try {
                        session.close(new CloseReason(code, reason));
                    } catch (IOException | IllegalStateException gone) {
                        // the client went first
                    }
                },
                AFTER_OPENING);
    }
}
