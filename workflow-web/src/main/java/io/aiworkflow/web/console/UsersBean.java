package io.aiworkflow.web.console;

import io.aiworkflow.engine.security.AdminService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * Users for admins (disable, enable, set a new password) and, for every signed-in user, changing
 * their own password. Passwords pass through here only on their way to being hashed.
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
    private Long resetUserId;
    private String resetUsername;
    private String newPassword;
    private String currentPassword;
    private String ownNewPassword;

    public List<UserRow> getUsers() {
        if (users == null) {
            try {
                users = admin.users(user.caller()).stream().map(UserRow::new).toList();
            } catch (RuntimeException e) {
                users = List.of();
                ConsoleMessages.failure(e);
            }
        }
        return users;
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
