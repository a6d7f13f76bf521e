package io.aiworkflow.web.api.ws;

import io.aiworkflow.engine.security.SocketTickets;
import io.aiworkflow.web.api.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * {@code POST /api/ws-ticket}: a one-time ticket for opening the debug WebSocket as the current
 * caller, e.g. from the console, whose session cannot be trusted on a WebSocket handshake.
 */
@ApplicationScoped
@Path("ws-ticket")
@Produces(MediaType.APPLICATION_JSON)
public class SocketTicketResource {

    @Inject
    private SocketTickets tickets;

    @Inject
    private CurrentCaller caller;

    @POST
    public Map<String, Object> issue() {
        return Map.of("ticket", tickets.issue(caller.get()), "expiresInSeconds", SocketTickets.VALIDITY.toSeconds());
    }
}
