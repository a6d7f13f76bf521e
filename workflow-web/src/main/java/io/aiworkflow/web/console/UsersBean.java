package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.engine.security.AdminService;
import io.aiworkflow.engine.security.AdminService.TeamView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Users and teams for admins (create, change a role, disable, enable, set a new password; create a
 * team) and, for every signed-in user, changing their own password. Passwords pass through here
 * only on their way to being hashed.
 */
@Named
@ViewScoped
public class UsersBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private AdminService admin;

    @Inject
    private ConsoleUser user;

    private List<UserRow> users;
    private List<TeamView> teams;
    private String newUsername;
    private String newUserPassword;
    private String newUserRole = Role.editor.name();
    private Long newUserTeamId;
    private String newTeamName;
    private Long resetUserId;
    private String resetUsername;
    private String newPassword;
    private String currentPassword;
    private String ownNewPassword;

    public List<UserRow> getUsers() {
        if (users == null) {
            try {
                Map<Long, String> names = new HashMap<>();
                getTeams().forEach(t -> names.put(t.teamId(), t.name()));
                users = admin.users(user.caller()).stream()
                        .map(u -> new UserRow(u, names.get(u.teamId())))
                        .toList();
            } catch (RuntimeException e) {
                users = List.of();
                ConsoleMessages.failure(e);
            }
        }
        return users;
    }

    public List<TeamView> getTeams() {
        if (teams == null) {
            teams = ConsoleMessages.readOr(() -> admin.teams(user.caller()), List.of());
        }
        return teams;
    }

    /** Team name to id, for the new user's team. */
    public Map<String, Long> getTeamChoices() {
        Map<String, Long> choices = new LinkedHashMap<>();
        getTeams().forEach(t -> choices.put(t.name(), t.teamId()));
        return choices;
    }

    public List<String> getRoles() {
        return Arrays.stream(Role.values()).map(Role::name).toList();
    }

    public void createUser() {
        try {
            admin.createUser(
                    user.caller(),
                    newUsername == null ? null : newUsername.strip(),
                    newUserPassword,
                    newUserTeamId,
                    Role.parse(newUserRole).orElse(Role.editor));
            ConsoleMessages.info("Created '" + newUsername.strip() + "'");
            newUsername = null;
            newUserRole = Role.editor.name();
            users = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        } finally {
            newUserPassword = null;
        }
    }

    /** The row's role menu changed: saves it (or shows why not, and the role as it is). */
    public void changeRole(UserRow target) {
        try {
            admin.setRole(
                    user.caller(),
                    target.getUserId(),
                    Role.parse(target.getRole()).orElseThrow());
            ConsoleMessages.info(
                    "'" + target.getUsername() + "' is now " + target.getRole() + "; their sessions ended");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        users = null;
    }

    public void createTeam() {
        try {
            admin.createTeam(user.caller(), newTeamName == null ? "" : newTeamName.strip());
            ConsoleMessages.info("Created team '" + newTeamName.strip() + "'");
            newTeamName = null;
            teams = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public String getNewUsername() {
        return newUsername;
    }

    public void setNewUsername(String newUsername) {
        this.newUsername = newUsername;
    }

    public String getNewUserPassword() {
        return newUserPassword;
    }

    public void setNewUserPassword(String newUserPassword) {
        this.newUserPassword = newUserPassword;
    }

    public String getNewUserRole() {
        return newUserRole;
    }

    public void setNewUserRole(String newUserRole) {
        this.newUserRole = newUserRole;
    }

    public Long getNewUserTeamId() {
        return newUserTeamId;
    }

    public void setNewUserTeamId(Long newUserTeamId) {
        this.newUserTeamId = newUserTeamId;
    }

    public String getNewTeamName() {
        return newTeamName;
    }

    public void setNewTeamName(String newTeamName) {
        this.newTeamName = newTeamName;
    }

    public void setDisabled(UserRow target, boolean disabled) {
        try {
            admin.setUserDisabled(user.caller(), target.getUserId(), disabled);
            ConsoleMessages.info((disabled ? "Disabled '" : "Enabled '") + target.getUsername() + "'");
            users = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void startReset(UserRow target) {
        resetUserId = target.getUserId();
        resetUsername = target.getUsername();
        newPassword = null;
    }

    public void reset() {
        try {
            admin.resetPassword(user.caller(), resetUserId, newPassword);
            ConsoleMessages.info("Set a new password for '" + resetUsername + "'");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        } finally {
            newPassword = null;
        }
    }

    public void changeOwn() {
        try {
            admin.changeOwnPassword(user.caller(), currentPassword, ownNewPassword);
            ConsoleMessages.info("Your password was changed");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        } finally {
            currentPassword = null;
            ownNewPassword = null;
        }
    }

    public String getResetUsername() {
        return resetUsername;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getOwnNewPassword() {
        return ownNewPassword;
    }

    public void setOwnNewPassword(String ownNewPassword) {
        this.ownNewPassword = ownNewPassword;
    }
}
