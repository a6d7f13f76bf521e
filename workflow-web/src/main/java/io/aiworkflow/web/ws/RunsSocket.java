package io.aiworkflow.web.ws;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.debug.DebugChannel;
import io.aiworkflow.engine.debug.DebugWatcher;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.ApiKeyCallers;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.security.SocketTickets;
import io.aiworkflow.web.delivery.Deliveries;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;

/**
 * The debug channel in NexusAI's connection shape: {@code /ws?token=<api key or ticket>}, one socket
 * per caller that receives the messages of every run the caller may see (its team's; an admin's,
 * all) started or taken over after it connected, each wrapped as {@code {user_id, type, data}}
 * ({@code user_id} 0 for an API key). The client filters by {@code data.app_run_id}.
 */
@ServerEndpoint("/ws")
public class RunsSocket {

    @Inject
    private DebugChannel channel;

    @Inject
    private ApiKeyCallers apiKeys;

    @Inject
    private SocketTickets tickets;

    @Inject
    private Deliveries deliveries;

    @OnOpen
    public void open(Session session) throws IOException {
        String token = DebugSocket.first(session.getRequestParameterMap(), "token");
        // a key is only looked at; a ticket is used up, so it is tried last
        Caller caller = token == null
                ? null
                : apiKeys.byApiKey(token).or(() -> tickets.redeem(token)).orElse(null);
        if (caller == null) {
            SocketRefusal.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "authentication required");
            return;
        }
        long userId = caller.userId() == null ? 0 : caller.userId();
        DebugWatcher watcher = SocketWatcher.open(
                session,
                deliveries,
                message -> Jsons.object()
                        .add("user_id", userId)
                        .add("type", message.getString("type"))
                        .add("data", message.get("data"))
                        .build()
                        .toString());
        channel.watchCaller(watcher, team -> AccessPolicy.canSee(caller, team));
    }

    @OnClose
    public void close(Session session) {
        SocketWatcher.closed(session, channel);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SocketWatcher.closed(session, channel);
    }
}
