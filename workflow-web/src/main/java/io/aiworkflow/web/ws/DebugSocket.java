package io.aiworkflow.web.ws;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.debug.DebugChannel;
import io.aiworkflow.engine.debug.DebugWatcher;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.security.ApiKeyCallers;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.security.SocketTickets;
import io.aiworkflow.web.delivery.Deliveries;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebSocket debug channel: {@code /ws/workflow/debug?instanceId=…} follows
 * one run, {@code ?appId=…} every run of the app started after connecting. Authenticated by an
 * {@code access_token} query parameter (an API key) or a one-time {@code ticket} from
 * {@code POST /api/ws-ticket} (how the console's session signs in); the run or app must be the caller's.
 */
@ServerEndpoint("/ws/workflow/debug")
public class DebugSocket {

    /** Every debug socket sends a message's JSON as it is: rendered once for all of them. */
    private static final Function<JsonObject, String> RENDER = new RenderedOnce(JsonObject::toString);

    @Inject
    private DebugChannel channel;

    @Inject
    private ApiKeyCallers apiKeys;

    @Inject
    private SocketTickets tickets;

    @Inject
    private AppRepository apps;

    @Inject
    private InstanceStore instances;

    @Inject
    private Deliveries deliveries;

    @OnOpen
    public void open(Session session) throws IOException {
        Map<String, List<String>> query = session.getRequestParameterMap();
        String ticket = first(query, "ticket");
        Caller caller =
                (ticket != null ? tickets.redeem(ticket) : apiKeys.byApiKey(first(query, "access_token"))).orElse(null);
        if (caller == null) {
            SocketRefusal.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "authentication required");
            return;
        }
        String instanceId = first(query, "instanceId");
        String appId = first(query, "appId");
        DebugWatcher watcher = SocketWatcher.open(session, deliveries, RENDER);
        try {
            if (instanceId != null) {
                RunState state = instances.stateOf(caller, instanceId);
                if (!channel.watchRun(instanceId, watcher)) {
                    SocketRefusal.close(
                            session, CloseReason.CloseCodes.NORMAL_CLOSURE, "the run is not running: " + state);
                }
            } else if (appId != null) {
                apps.visibleApp(caller, appId);
                channel.watchApp(appId, watcher);
            } else {
                SocketRefusal.close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "instanceId or appId is required");
            }
        } catch (WorkflowException e) {
            SocketRefusal.close(
                    session, CloseReason.CloseCodes.VIOLATED_POLICY, e.code().name());
        }
    }

    @OnClose
    public void close(Session session) {
        SocketWatcher.closed(session, channel);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SocketWatcher.closed(session, channel);
    }

    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
