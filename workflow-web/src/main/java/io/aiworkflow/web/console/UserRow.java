package io.aiworkflow.web.console;

import io.aiworkflow.engine.security.AdminService.UserView;

import java.io.Serializable;

/** One user as the users page lists it (Faces' expression language reads getters, not record accessors). */
public class UserRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long userId;
    private final String username;
    /** set by the role menu on the page, then saved by the bean */
    private String role;

    private final long teamId;
    private final boolean disabled;
    private final String teamName;

    UserRow(UserView u, String teamName) {
        this.teamName = teamName == null ? "team " + u.teamId() : teamName;
        this.userId = u.userId();
        this.username = u.username();
        this.role = u.role().name();
        this.teamId = u.teamId();
        this.disabled = u.disabled();
    }

    public long getUserId() {
        return userId;
    }

    public String getUsername() {
        return username;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public long getTeamId() {
        return teamId;
    }

    public String getTeamName() {
        return teamName;
    }

    public boolean isDisabled() {
        return disabled;
    }
}
