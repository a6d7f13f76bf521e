package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.UserAccount;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;
import java.util.UUID;

/** Turns a bearer key or a username and password into a {@link Caller}. */
@Stateless
public class Authenticator {

    @Inject
    private AuditLog audit;

    /** A hash no password matches, checked for unknown names so they take as long as known ones. */
    private static final String UNKNOWN_USER_HASH =
            PasswordHasher.hash(UUID.randomUUID().toString());

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private LoginThrottle throttle;

    /** A key that is not revoked, found by its hash: its id, and who it acts as. */
    public record KeyHolder(long keyId, Caller caller) {}

    /** The key with this hash, unless revoked; requests go through {@link ApiKeyCallers}, which remembers it. */
    public Optional<KeyHolder> byApiKeyHash(String hash) {
        return em.createQuery("select k from ApiKey k where k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", hash)
                .getResultStream()
                .filter(k -> !k.isRevoked())
                .findFirst()
                .map(k -> new KeyHolder(k.getId(), new Caller(null, "key:" + k.getName(), k.getTeamId(), k.getRole())));
    }

    /**
     * The user with this name and password, unless disabled. Throttled per name and per client
     * {@code address} ({@link LoginThrottle}: TOO_MANY_REQUESTS while locked). An unknown name costs
     * the same hashing as a known one, so timing does not tell which names exist.
     */
    public Optional<Caller> byPassword(String username, String password, String address) {
        if (username == null || password == null || username.length() > 200 || password.length() > 200) {
            return Optional.empty();
        }
        try {
            throttle.check(username, address);
        } catch (WorkflowException locked) {
            // the refusal rolls this transaction back; the attempt is still worth a line
            audit.recordAlone(username, AuditAction.LOGIN_FAILED, null, "refused: " + locked.getMessage());
            throw locked;
        }
        UserAccount user = em.createQuery("select u from UserAccount u where u.username = :name", UserAccount.class)
                .setParameter("name", username)
                .getResultStream()
                .findFirst()
                .orElse(null);
        boolean matches = PasswordHasher.matches(password, user == null ? UNKNOWN_USER_HASH : user.getPasswordHash());
        if (user == null || !matches || user.isDisabled()) {
            throttle.failed(username, address);
            audit.record(
                    username,
                    AuditAction.LOGIN_FAILED,
                    null,
                    user == null ? "no such user" : matches ? "the user is disabled" : "wrong password");
            return Optional.empty();
        }
        throttle.succeeded(username);
        audit.record(username, AuditAction.LOGIN, null, null);
        return Optional.of(new Caller(user.getId(), user.getUsername(), user.getTeamId(), user.getRole()));
    }
}
