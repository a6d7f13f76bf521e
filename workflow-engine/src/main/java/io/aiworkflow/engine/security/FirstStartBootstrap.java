package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.model.security.Team;
import io.aiworkflow.domain.model.security.UserAccount;
import io.aiworkflow.engine.platform.TimeSource;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.logging.Logger;

/**
 * On an empty database: the team "Default", the admin from {@code WORKFLOW_ADMIN_USER} /
 * {@code WORKFLOW_ADMIN_PASSWORD}, and, when {@code WORKFLOW_BOOTSTRAP_API_KEY} is set, an admin
 * API key with exactly that value. Several servers may start at once; the unique team name makes
 * the loser's transaction fail rather than create a second admin.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class FirstStartBootstrap {

    private static final Logger LOG = Logger.getLogger(FirstStartBootstrap.class.getName());

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Inject
    private TimeSource time;

    @PostConstruct
    void bootstrap() {
        boolean empty = em.createQuery("select count(t) from Team t", Long.class).getSingleResult() == 0;
        if (empty) {
            Team team = new Team("Default", time.now());
            em.persist(team);
            em.flush();
            String user = System.getenv().getOrDefault("WORKFLOW_ADMIN_USER", "admin");
            String password = System.getenv().getOrDefault("WORKFLOW_ADMIN_PASSWORD", "admin123!");
            em.persist(new UserAccount(team.getId(), user, PasswordHasher.hash(password), Role.admin, time.now()));
            LOG.info(() -> "first start: created team Default and admin user '" + user + "'");
        }
        String bootstrapKey = System.getenv("WORKFLOW_BOOTSTRAP_API_KEY");
        if (bootstrapKey != null && !bootstrapKey.isBlank()) {
            String hash = ApiKeyHashing.sha256(bootstrapKey.trim());
            boolean known = !em.createQuery("select k from ApiKey k where k.keyHash = :h", ApiKey.class)
                    .setParameter("h", hash).getResultList().isEmpty();
            if (!known) {
                Team team = em.createQuery("select t from Team t order by t.id", Team.class)
                        .setMaxResults(1).getSingleResult();
                em.persist(new ApiKey(team.getId(), "bootstrap", hash, ApiKeyHashing.prefix(bootstrapKey.trim()),
                        Role.admin, "bootstrap", time.now()));
                LOG.info("created the bootstrap admin API key from WORKFLOW_BOOTSTRAP_API_KEY");
            }
        }
    }
}
