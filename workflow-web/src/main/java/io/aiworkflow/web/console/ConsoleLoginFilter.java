package io.aiworkflow.web.console;

import io.aiworkflow.engine.security.ActiveUsers;
import io.aiworkflow.web.api.security.SessionCaller;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every console page but the login page needs a logged-in session of a user who is not disabled. Faces AJAX requests get a
 * partial-response redirect, because a plain 302 would be followed by the XHR and render nothing.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleLoginFilter extends HttpFilter {

    static final String LOGIN_PAGE = "/console/login.xhtml";

    static final String LOGOUT = "/console/logout";

    @Inject
    private ActiveUsers activeUsers;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        // pages show team data and the one-time key value: no browser or proxy copies
        res.setHeader("Cache-Control", "no-store");
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.equals(LOGIN_PAGE) || path.equals(LOGOUT) || SessionCaller.active(req, activeUsers) != null) {
            chain.doFilter(req, res);
            return;
        }
        boolean ajax = "partial/ajax".equals(req.getHeader("Faces-Request"));
        String login = req.getContextPath() + LOGIN_PAGE + loginQuery(req, path, ajax);
        if (ajax) {
            res.setContentType("text/xml");
            res.setCharacterEncoding("UTF-8");
            res.getWriter()
                    .write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                            + login.replace("&", "&amp;") + "\"/></partial-response>");
            return;
        }
        res.sendRedirect(login);
    }

    /**
     * Where to return after login ({@code next}: the page asked for, or for an AJAX request the page
     * it came from) and whether a session ended on the way ({@code expired}), so the login page can
     * say why it is shown.
     */
    private static String loginQuery(HttpServletRequest req, String path, boolean ajax) {
        String next = null;
        if (ajax) {
            String referer = req.getHeader("Referer");
            try {
                URI from = referer == null ? null : new URI(referer);
                String fromPath = from == null ? null : from.getRawPath();
                if (fromPath != null && fromPath.startsWith(req.getContextPath() + "/console/")) {
                    next = fromPath.substring(req.getContextPath().length())
                            + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery());
                }
            } catch (URISyntaxException unreadable) {
                // no way back: the login leads to the apps
            }
        } else if ("GET".equals(req.getMethod())) {
            next = path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        }
        StringBuilder query = new StringBuilder();
        if (next != null && ReturnPath.isSafe(next)) {
            query.append("?next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        if (req.getRequestedSessionId() != null) {
            query.append(query.isEmpty() ? "?" : "&").append("expired=true");
        }
        return query.toString();
    }
}
