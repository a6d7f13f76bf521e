package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.UserAccount;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/** Turns a bearer key or a username and password into a {@link Caller}. */
@Stateless
public class Authenticator {

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    public Optional<Caller> byApiKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            return Optional.empty();
        }
        return em.createQuery("select k from ApiKey k where k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", ApiKeyHashing.sha256(key.trim()))
                .getResultStream()
                .filter(k -> !k.isRevoked())
                .findFirst()
                .map(k -> new Caller(null, "key:" + k.getName(), k.getTeamId(), k.getRole()));
    }

    public Optional<Caller> byPassword(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        return em.createQuery("select u from UserAccount u where u.username = :name", UserAccount.class)
                .setParameter("name", username)
                .getResultStream()
                .filter(u -> PasswordHasher.matches(password, u.getPasswordHash()))
                .findFirst()
                .map(u -> new Caller(u.getId(), u.getUsername(), u.getTeamId(), u.getRole()));
    }
}
