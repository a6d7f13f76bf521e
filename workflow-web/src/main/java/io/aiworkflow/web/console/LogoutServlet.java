package io.aiworkflow.web.console;

import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.web.api.security.SessionCaller;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;

/**
 * Logging out is a plain form post, not a Faces action: it needs no view state, so it works from
 * a page whose session already ended (logged out in another tab, expired, server restarted).
 */
@WebServlet("/console/logout")
public class LogoutServlet extends HttpServlet {

    @Inject
    private AuditLog audit;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSession session = req.getSession(false);
        if (session != null) {
            Caller caller = SessionCaller.of(req);
            session.invalidate();
            if (caller != null) {
                audit.record(caller, AuditAction.LOGOUT, null, null);
            }
        }
        res.sendRedirect(req.getContextPath() + ConsoleLoginFilter.LOGIN_PAGE + "?loggedOut=true");
    }

    /** A bookmarked or typed logout address logs nothing out; it shows the console (or the login). */
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.sendRedirect(req.getContextPath() + "/console/apps.xhtml");
    }
}
