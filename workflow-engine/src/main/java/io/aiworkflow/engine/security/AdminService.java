package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.model.security.Team;
import io.aiworkflow.domain.model.security.UserAccount;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.platform.TimeSource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** Teams, users and API keys. Everything here is for admins, except that editors list their team's keys. */
@Stateless
public class AdminService {

    @Inject
    private AuditLog audit;

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private ActiveUsers activeUsers;

    @Inject
    private ApiKeyCallers apiKeys;

    @Inject
    private TimeSource time;

    public record TeamView(long teamId, String name, OffsetDateTime createTime) {}

    public record UserView(
            long userId, String username, long teamId, Role role, boolean disabled, OffsetDateTime createTime) {}

    public record ApiKeyView(
            long id,
            String name,
            long teamId,
            Role role,
            String prefix,
            String createdBy,
            OffsetDateTime createTime,
            OffsetDateTime revokeTime) {}

    /** The one moment the key's value is known: it is returned here and never again. */
    public record CreatedApiKey(ApiKeyView key, String value) {}

    public TeamView createTeam(Caller caller, String name) {
        AccessPolicy.requireAdmin(caller);
        if (!em.createQuery("select t from Team t where t.name = :n", Team.class)
                .setParameter("n", name)
                .getResultList()
                .isEmpty()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "a team named '" + name + "' already exists");
        }
        Team team = new Team(name, time.now());
        em.persist(team);
        em.flush();
        audit.record(caller, AuditAction.TEAM_CREATE, "team:" + team.getId(), name);
        return view(team);
    }

    public List<TeamView> teams(Caller caller) {
        List<Team> teams = caller.role().isAdmin()
                ? em.createQuery("select t from Team t order by t.id", Team.class)
                        .getResultList()
                : List.of(team(caller.teamId()));
        return teams.stream().map(AdminService::view).toList();
    }

    public UserView createUser(Caller caller, String username, String password, Long teamId, Role role) {
        AccessPolicy.requireAdmin(caller);
        long team = team(AccessPolicy.teamFor(caller, teamId)).getId();
        requireStrong("password", password);
        if (!em.createQuery("select u from UserAccount u where u.username = :n", UserAccount.class)
                .setParameter("n", username)
                .getResultList()
                .isEmpty()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "a user named '" + username + "' already exists");
        }
        UserAccount user = new UserAccount(team, username, PasswordHasher.hash(password), role, time.now());
        em.persist(user);
        em.flush();
        audit.record(caller, AuditAction.USER_CREATE, "user:" + username, "role " + role + ", team " + team);
        return view(user);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A password for an admin to hand on after a reset: 20 characters without look-alikes. */
    public static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** Shortest password accepted when one is set or changed. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static void requireStrong(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw WorkflowException.validation(field, "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 200) {
            throw WorkflowException.validation(field, "must have at most 200 characters");
        }
    }

    /** An admin disables (or enables again) a user: a disabled user cannot sign in. */
    public UserView setUserDisabled(Caller caller, long userId, boolean disabled) {
        AccessPolicy.requireAdmin(caller);
        UserAccount user = user(userId);
        if (disabled && Objects.equals(caller.userId(), userId)) {
            throw new WorkflowException(ErrorCode.CONFLICT, "an admin cannot disable their own account");
        }
        user.setDisabled(disabled);
        activeUsers.changed(userId);
        audit.record(
                caller,
                disabled ? AuditAction.USER_DISABLE : AuditAction.USER_ENABLE,
                "user:" + user.getUsername(),
                null);
        return view(user);
    }

    /**
     * An admin gives a user another role. The user's sessions end (they carry the old role): the
     * next sign-in has the new one. An admin cannot take their own admin role away.
     */
    public UserView setRole(Caller caller, long userId, Role role) {
        AccessPolicy.requireAdmin(caller);
        UserAccount user = user(userId);
        if (role != Role.admin && Objects.equals(caller.userId(), userId)) {
            throw new WorkflowException(ErrorCode.CONFLICT, "an admin cannot take their own admin role away");
        }
        Role before = user.getRole();
        user.setRole(role);
        activeUsers.changed(userId);
        audit.record(caller, AuditAction.USER_ROLE, "user:" + user.getUsername(), before + " to " + role);
        return view(user);
    }

    /** An admin sets a user's password (the user forgot it, or it leaked). */
    public void resetPassword(Caller caller, long userId, String newPassword) {
        AccessPolicy.requireAdmin(caller);
        requireStrong("password", newPassword);
        UserAccount user = user(userId);
        user.setPasswordHash(PasswordHasher.hash(newPassword));
        audit.record(caller, AuditAction.USER_RESET_PASSWORD, "user:" + user.getUsername(), null);
    }

    /** Signed-in users change their own password, giving the current one. */
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        if (caller.userId() == null) {
            throw new WorkflowException(ErrorCode.FORBIDDEN, "an API key has no password; sign in as a user");
        }
        UserAccount user = user(caller.userId());
        if (currentPassword == null || !PasswordHasher.matches(currentPassword, user.getPasswordHash())) {
            throw WorkflowException.validation("currentPassword", "is not the current password");
        }
        requireStrong("newPassword", newPassword);
        user.setPasswordHash(PasswordHasher.hash(newPassword));
        audit.record(caller, AuditAction.USER_CHANGE_OWN_PASSWORD, "user:" + user.getUsername(), null);
    }

    private UserAccount user(long userId) {
        UserAccount user = em.find(UserAccount.class, userId);
        if (user == null) {
            throw new WorkflowException(ErrorCode.NOT_FOUND, "no user with id " + userId);
        }
        return user;
    }

    private static UserView view(UserAccount u) {
        return new UserView(u.getId(), u.getUsername(), u.getTeamId(), u.getRole(), u.isDisabled(), u.getCreatedAt());
    }

    public List<UserView> users(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        return em.createQuery("select u from UserAccount u order by u.id", UserAccount.class).getResultList().stream()
                .map(AdminService::view)
                .toList();
    }

    public CreatedApiKey createApiKey(Caller caller, String name, Long teamId, Role role) {
        AccessPolicy.requireAdmin(caller);
        long team = team(AccessPolicy.teamFor(caller, teamId)).getId();
        CreatedApiKey created = issueKey(team, name, role, caller.name(), ApiKeyHashing.newKey());
        audit.record(
                caller,
                AuditAction.API_KEY_CREATE,
                "api-key:" + created.key().id(),
                name + " (" + created.key().prefix() + "…), role " + role + ", team " + team);
        return created;
    }

    /** Stores a key with a value chosen elsewhere (the bootstrap key from the environment). */
    CreatedApiKey issueKey(long teamId, String name, Role role, String createdBy, String value) {
        ApiKey key = new ApiKey(
                teamId, name, ApiKeyHashing.sha256(value), ApiKeyHashing.prefix(value), role, createdBy, time.now());
        em.persist(key);
        em.flush();
        return new CreatedApiKey(view(key), value);
    }

    public List<ApiKeyView> apiKeys(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        return em.createQuery("select k from ApiKey k order by k.id", ApiKey.class).getResultList().stream()
                .filter(k -> AccessPolicy.canSee(caller, k.getTeamId()))
                .map(AdminService::view)
                .toList();
    }

    public ApiKeyView revokeApiKey(Caller caller, long id) {
        AccessPolicy.requireAdmin(caller);
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null || !AccessPolicy.canSee(caller, key.getTeamId())) {
            throw new WorkflowException(ErrorCode.API_KEY_NOT_FOUND, "no API key with id " + id);
        }
        key.revoke(time.now());
        apiKeys.revoked(id);
        audit.record(
                caller, AuditAction.API_KEY_REVOKE, "api-key:" + id, key.getName() + " (" + key.getKeyPrefix() + "…)");
        return view(key);
    }

    private Team team(long id) {
        Team team = em.find(Team.class, id);
        if (team == null) {
            throw new WorkflowException(ErrorCode.TEAM_NOT_FOUND, "no team with id " + id);
        }
        return team;
    }

    private static TeamView view(Team t) {
        return new TeamView(t.getId(), t.getName(), t.getCreatedAt());
    }

    private static ApiKeyView view(ApiKey k) {
        return new ApiKeyView(
                k.getId(),
                k.getName(),
                k.getTeamId(),
                k.getRole(),
                k.getKeyPrefix(),
                k.getCreatedBy(),
                k.getCreatedAt(),
                k.getRevokedAt());
    }
}
