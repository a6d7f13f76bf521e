package io.aiworkflow.web.console;

import io.aiworkflow.engine.security.Authenticator;
import io.aiworkflow.engine.security.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Optional;

/** The login form and logout. Wrong username and wrong password read the same, on purpose. */
@Named
@RequestScoped
public class LoginBean {

    @Inject
    private Authenticator authenticator;

    @Inject
    private ConsoleUser user;

    private String username;
    private String password;

    public String login() {
        Optional<Caller> caller = authenticator.byPassword(username, password);
        password = null;
        if (caller.isEmpty()) {
            ConsoleMessages.error("Wrong username or password");
            return null;
        }
        user.login(caller.get());
        return "/console/apps.xhtml?faces-redirect=true";
    }

    public String logout() {
        user.logout();
        return "/console/login.xhtml?faces-redirect=true";
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
