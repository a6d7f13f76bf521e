package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.model.security.Team;
import io.aiworkflow.domain.model.security.UserAccount;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.platform.TimeSource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.OffsetDateTime;
import java.util.List;

/** Teams, users and API keys. Everything here is for admins, except that editors list their team's keys. */
@Stateless
public class AdminService {

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private TimeSource time;

    public record TeamView(long teamId, String name, OffsetDateTime createTime) {
    }

    public record UserView(long userId, String username, long teamId, Role role, OffsetDateTime createTime) {
    }

    public record ApiKeyView(long id, String name, long teamId, Role role, String prefix, String createdBy,
                             OffsetDateTime createTime, OffsetDateTime revokeTime) {
    }

    /** The one moment the key's value is known: it is returned here and never again. */
    public record CreatedApiKey(ApiKeyView key, String value) {
    }

    public TeamView createTeam(Caller caller, String name) {
        AccessPolicy.requireAdmin(caller);
        if (!em.createQuery("select t from Team t where t.name = :n", Team.class).setParameter("n", name)
                .getResultList().isEmpty()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "a team named '" + name + "' already exists");
        }
        Team team = new Team(name, time.now());
        em.persist(team);
        em.flush();
        return view(team);
    }

    public List<TeamView> teams(Caller caller) {
        List<Team> teams = caller.role().isAdmin()
                ? em.createQuery("select t from Team t order by t.id", Team.class).getResultList()
                : List.of(team(caller.teamId()));
        return teams.stream().map(AdminService::view).toList();
    }

    public UserView createUser(Caller caller, String username, String password, Long teamId, Role role) {
        AccessPolicy.requireAdmin(caller);
        long team = team(AccessPolicy.teamFor(caller, teamId)).getId();
        if (password.length() < 8) {
            throw WorkflowException.validation("password", "must have at least 8 characters");
        }
        if (!em.createQuery("select u from UserAccount u where u.username = :n", UserAccount.class)
                .setParameter("n", username).getResultList().isEmpty()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "a user named '" + username + "' already exists");
        }
        UserAccount user = new UserAccount(team, username, PasswordHasher.hash(password), role, time.now());
        em.persist(user);
        em.flush();
        return new UserView(user.getId(), user.getUsername(), user.getTeamId(), user.getRole(), user.getCreatedAt());
    }

    public List<UserView> users(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        return em.createQuery("select u from UserAccount u order by u.id", UserAccount.class).getResultList().stream()
                .map(u -> new UserView(u.getId(), u.getUsername(), u.getTeamId(), u.getRole(), u.getCreatedAt()))
                .toList();
    }

    public CreatedApiKey createApiKey(Caller caller, String name, Long teamId, Role role) {
        AccessPolicy.requireAdmin(caller);
        long team = team(AccessPolicy.teamFor(caller, teamId)).getId();
        return issueKey(team, name, role, caller.name(), ApiKeyHashing.newKey());
    }

    /** Stores a key with a value chosen elsewhere (the bootstrap key from the environment). */
    CreatedApiKey issueKey(long teamId, String name, Role role, String createdBy, String value) {
        ApiKey key = new ApiKey(teamId, name, ApiKeyHashing.sha256(value), ApiKeyHashing.prefix(value), role,
                createdBy, time.now());
        em.persist(key);
        em.flush();
        return new CreatedApiKey(view(key), value);
    }

    public List<ApiKeyView> apiKeys(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        return em.createQuery("select k from ApiKey k order by k.id", ApiKey.class).getResultList().stream()
                .filter(k -> AccessPolicy.canSee(caller, k.getTeamId()))
                .map(AdminService::view).toList();
    }

    public ApiKeyView revokeApiKey(Caller caller, long id) {
        AccessPolicy.requireAdmin(caller);
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null || !AccessPolicy.canSee(caller, key.getTeamId())) {
            throw new WorkflowException(ErrorCode.API_KEY_NOT_FOUND, "no API key with id " + id);
        }
        key.revoke(time.now());
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
        return new ApiKeyView(k.getId(), k.getName(), k.getTeamId(), k.getRole(), k.getKeyPrefix(), k.getCreatedBy(),
                k.getCreatedAt(), k.getRevokedAt());
    }
}
