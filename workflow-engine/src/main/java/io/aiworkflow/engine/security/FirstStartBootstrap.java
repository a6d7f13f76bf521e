package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.ApiKey;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.model.security.Team;
import io.aiworkflow.domain.model.security.UserAccount;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.SecureRandom;
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

    /** Shortest bootstrap API key accepted: it is an admin credential. */
    static final int MIN_BOOTSTRAP_KEY_LENGTH = 32;

    @PostConstruct
    void bootstrap() {
        Settings settings = Settings.current();
        refuseUnsafeSettings(settings);
        boolean empty =
                em.createQuery("select count(t) from Team t", Long.class).getSingleResult() == 0;
        if (empty) {
            Team team = new Team("Default", time.now());
            em.persist(team);
            em.flush();
            String user = settings.get(Setting.ADMIN_USER).orElse("admin");
            String given = settings.get(Setting.ADMIN_PASSWORD).orElse(null);
            String password = given == null || given.isBlank() ? generatedPassword() : given;
            em.persist(new UserAccount(team.getId(), user, PasswordHasher.hash(password), Role.admin, time.now()));
            LOG.info(() -> "first start: created team Default and admin user '" + user + "'");
            if (given == null || given.isBlank()) {
                // shown this once: only its hash is kept
                LOG.warning("\n\n    First start: the console admin is '" + user
                        + "' with the generated password\n\n        "
                        + password + "\n\n    It is not shown again; change it after signing in"
                        + " (or set WORKFLOW_ADMIN_PASSWORD before the first start).\n");
            }
        }
        String bootstrapKey = settings.get(Setting.BOOTSTRAP_API_KEY).orElse(null);
        if (bootstrapKey != null && !bootstrapKey.isBlank()) {
            String hash = ApiKeyHashing.sha256(bootstrapKey.trim());
            boolean known = !em.createQuery("select k from ApiKey k where k.keyHash = :h", ApiKey.class)
                    .setParameter("h", hash)
                    .getResultList()
                    .isEmpty();
            if (!known) {
                Team team = em.createQuery("select t from Team t order by t.id", Team.class)
                        .setMaxResults(1)
                        .getSingleResult();
                em.persist(new ApiKey(
                        team.getId(),
                        "bootstrap",
                        hash,
                        ApiKeyHashing.prefix(bootstrapKey.trim()),
                        Role.admin,
                        "bootstrap",
                        time.now()));
                LOG.info("created the bootstrap admin API key from WORKFLOW_BOOTSTRAP_API_KEY");
            }
        }
    }

    /**
     * Settings the server will not run with: a short bootstrap admin key, or (outside development
     * mode, {@code WORKFLOW_DEV_MODE=true}) no {@code WORKFLOW_SECRET_KEY}, which would leave model and
     * plugin secrets encrypted under a key anyone can read in this code.
     */
    static void refuseUnsafeSettings(Settings settings) {
        String bootstrapKey = settings.get(Setting.BOOTSTRAP_API_KEY).orElse(null);
        if (bootstrapKey != null
                && !bootstrapKey.isBlank()
                && bootstrapKey.trim().length() < MIN_BOOTSTRAP_KEY_LENGTH) {
            throw new IllegalStateException(Setting.BOOTSTRAP_API_KEY.key() + " is shorter than "
                    + MIN_BOOTSTRAP_KEY_LENGTH + " characters; the server does not start with a guessable admin key");
        }
        if (settings.get(Setting.SECRET_KEY).isEmpty() && !settings.isTrue(Setting.DEV_MODE)) {
            throw new IllegalStateException("WORKFLOW_SECRET_KEY is not set; the server does not start with the"
                    + " built-in development key (set WORKFLOW_DEV_MODE=true to allow it on a development machine)");
        }
    }

    /** 20 characters from a 57-letter alphabet (about 116 bits), without look-alikes. */
    private static String generatedPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
