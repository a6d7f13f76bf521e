package io.aiworkflow.web.api.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Releases the {@link CurrentCaller} once an API request is served on its thread, also when the
 * request was refused or goes on asynchronously: the pooled thread then serves other requests.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class CallerReleaseFilter extends HttpFilter {

    @Inject
    private CurrentCaller currentCaller;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(req, res);
        } finally {
            currentCaller.clear();
        }
    }
}
