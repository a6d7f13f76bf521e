package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.web.api.security.SessionCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The logged-in console user, read from the HTTP session on every request. The session attribute
 * (not a session-scoped bean) is the single source so that the REST API sees the same login.
 */
@Named
@RequestScoped
public class ConsoleUser {

    @Inject
    private HttpServletRequest request;

    /** The caller to pass to the services; the login filter makes a missing one unusual. */
    public Caller caller() {
        Caller caller = SessionCaller.of(request);
        if (caller == null) {
            throw new WorkflowException(ErrorCode.UNAUTHORIZED, "your session has ended; please log in again");
        }
        return caller;
    }

    public boolean isLoggedIn() {
        return SessionCaller.of(request) != null;
    }

    public String getName() {
        Caller caller = SessionCaller.of(request);
        return caller == null ? "" : caller.name();
    }

    public String getRole() {
        Caller caller = SessionCaller.of(request);
        return caller == null ? "" : caller.role().name();
    }

    public boolean isAdmin() {
        Caller caller = SessionCaller.of(request);
        return caller != null && caller.role().isAdmin();
    }

    public boolean isCanWrite() {
        Caller caller = SessionCaller.of(request);
        return caller != null && caller.role().canWrite();
    }

    /** A new session id on login, so an id planted before it (session fixation) is worthless. */
    void login(Caller caller) {
        request.getSession(true).setAttribute(SessionCaller.ATTRIBUTE, caller);
        request.changeSessionId();
    }
}
