package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets FlowGram editors served from the configured origins ({@code WORKFLOW_EDITOR_ORIGINS}) call the
 * task API from the browser: their preflight is answered here, before authentication (a preflight
 * carries no credentials), and their responses say which origin may read them. Cookies are not
 * allowed across origins: such an editor authenticates with a key. Other origins get no CORS
 * headers, so browsers keep their pages from reading the answers.
 */
@WebFilter(urlPatterns = "/api/task/*", asyncSupported = true)
public class EditorCorsFilter extends HttpFilter {

    private final Set<String> origins = Arrays.stream(
                    Settings.current().get(Setting.EDITOR_ORIGINS).orElse("").split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String origin = req.getHeader("Origin");
        boolean allowed = origin != null && origins.contains(origin);
        if (allowed) {
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.addHeader("Vary", "Origin");
        }
        if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
            if (allowed) {
                res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT");
                res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
                res.setHeader("Access-Control-Max-Age", "600");
                res.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                res.setStatus(HttpServletResponse.SC_FORBIDDEN);
            }
            return;
        }
        chain.doFilter(req, res);
    }
}
