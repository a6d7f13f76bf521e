package io.aiworkflow.web.audit;

import io.aiworkflow.engine.audit.ClientAddress;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Hands the client's address to {@link ClientAddress} while the request is served, for the audit log. It is the
 * peer's address; behind a proxy, configure the server to take it from the forwarding header.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ClientAddressFilter extends HttpFilter {

    @Inject
    private ClientAddress clientAddress;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        clientAddress.set(req.getRemoteAddr());
        try {
            chain.doFilter(req, res);
        } finally {
            clientAddress.clear();
        }
    }
}
