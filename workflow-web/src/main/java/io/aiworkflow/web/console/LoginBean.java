package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.security.Authenticator;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The login form. Wrong username and wrong password read the same, on purpose. */
@Named
@RequestScoped
public class LoginBean {

    @Inject
    private Authenticator authenticator;

    @Inject
    private ConsoleUser user;

    private String username;
    private String password;
    private String next;

    public String login() {
        Optional<Caller> caller;
        try {
            caller = authenticator.byPassword(username, password, clientAddress());
        } catch (RuntimeException e) {
            WorkflowException throttled = WorkflowException.foundIn(e); // too many failed sign-ins
            if (throttled == null) {
                throw e;
            }
            ConsoleMessages.error(throttled.getMessage());
            return null;
        } finally {
            password = null;
        }
        if (caller.isEmpty()) {
            ConsoleMessages.error("Wrong username or password");
            return null;
        }
        user.login(caller.get());
        if (ReturnPath.isSafe(getNext())) {
            FacesContext faces = FacesContext.getCurrentInstance();
            try {
                faces.getExternalContext().redirect(faces.getExternalContext().getRequestContextPath() + getNext());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "/console/apps.xhtml?faces-redirect=true";
    }

    /** The page to return to: posted back by the form, or given to the login page as {@code ?next=}. */
    public String getNext() {
        if (next == null) {
            String asked = FacesContext.getCurrentInstance()
                    .getExternalContext()
                    .getRequestParameterMap()
                    .get("next");
            next = ReturnPath.isSafe(asked) ? asked : "";
        }
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }

    private static String clientAddress() {
        Object request = FacesContext.getCurrentInstance().getExternalContext().getRequest();
        return request instanceof HttpServletRequest http ? http.getRemoteAddr() : null;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
