package io.aiworkflow.web.ws;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.engine.security.ApiKeyCallers;
import io.aiworkflow.engine.security.SocketTickets;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a debug-channel handshake without a valid credential with {@code 401} before the upgrade:
 * an API key ({@code token} or {@code access_token}) or a one-time ticket ({@code token} or
 * {@code ticket}, only looked at here, used up by the endpoint). Closing such sockets inside
 * {@code @OnOpen} instead is what Tyrus handles badly: now and then a later plain request on the
 * server failed with an error page.
 */
@WebFilter(
        urlPatterns = {"/ws", "/ws/*"},
        asyncSupported = true)
public class SocketHandshakeFilter extends HttpFilter {

    @Inject
    private ApiKeyCallers apiKeys;

    @Inject
    private SocketTickets tickets;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade")) || authenticated(req)) {
            chain.doFilter(req, res);
            return;
        }
        res.setStatus(ErrorCode.UNAUTHORIZED.httpStatus());
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getWriter()
                .write("{\"code\":\"UNAUTHORIZED\",\"message\":\"a valid token, access_token or ticket is required\"}");
    }

    private boolean authenticated(HttpServletRequest req) {
        for (String key : new String[] {req.getParameter("token"), req.getParameter("access_token")}) {
            if (key != null && apiKeys.byApiKey(key).isPresent()) {
                return true;
            }
        }
        return tickets.isValid(req.getParameter("token")) || tickets.isValid(req.getParameter("ticket"));
    }
}
