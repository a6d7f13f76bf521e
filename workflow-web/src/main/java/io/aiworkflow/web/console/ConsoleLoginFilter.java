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

/**
 * Every console page but the login page needs a logged-in session of a user who is not disabled. Faces AJAX requests get a
 * partial-response redirect, because a plain 302 would be followed by the XHR and render nothing.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleLoginFilter extends HttpFilter {

    static final String LOGIN_PAGE = "/console/login.xhtml";

    @Inject
    private ActiveUsers activeUsers;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        // pages show team data and the one-time key value: no browser or proxy copies
        res.setHeader("Cache-Control", "no-store");
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.equals(LOGIN_PAGE) || SessionCaller.active(req, activeUsers) != null) {
            chain.doFilter(req, res);
            return;
        }
        String login = req.getContextPath() + LOGIN_PAGE;
        if ("partial/ajax".equals(req.getHeader("Faces-Request"))) {
            res.setContentType("text/xml");
            res.setCharacterEncoding("UTF-8");
            res.getWriter()
                    .write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\"" + login
                            + "\"/></partial-response>");
            return;
        }
        res.sendRedirect(login);
    }
}
