package io.aiworkflow.web.api.security;

import io.aiworkflow.engine.security.ActiveUsers;
import io.aiworkflow.engine.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** The console keeps its logged-in caller in the HTTP session under one attribute. */
public final class SessionCaller {

    public static final String ATTRIBUTE = "workflow.caller";

    private SessionCaller() {}

    public static Caller of(HttpServletRequest request) {
        HttpSession session = request == null ? null : request.getSession(false);
        return session == null ? null : (Caller) session.getAttribute(ATTRIBUTE);
    }

    /** The session's caller while that user may still act; the session of a disabled user ends here. */
    public static Caller active(HttpServletRequest request, ActiveUsers users) {
        Caller caller = of(request);
        if (caller != null && !users.isActive(caller)) {
            request.getSession().invalidate();
            return null;
        }
        return caller;
    }
}
