package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.Role;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Whether a signed-in user may still act: a console session outlives a disable (or a change of
 * role: the session holds the role it signed in with) unless it is checked.
 * Each user's state is read again at most every {@value #RECHECK_SECONDS} s (so other servers see a
 * disable within that time); a disable on this server takes effect at once.
 */
@ApplicationScoped
public class ActiveUsers {

    static final long RECHECK_SECONDS = 15;
    private static final Logger LOG = Logger.getLogger(ActiveUsers.class.getName());

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    private record Checked(boolean enabled, Role role, long at) {

        boolean admits(Caller caller) {
            return enabled && role == caller.role();
        }
    }

    private final Map<Long, Checked> checked = new ConcurrentHashMap<>();

    /**
     * True for API keys (they are revoked apart) and for users who exist, are not disabled and still
     * have the role the caller carries.
     */
    public boolean isActive(Caller caller) {
        if (caller == null || caller.userId() == null) {
            return caller != null;
        }
        long now = System.nanoTime();
        Checked known = checked.get(caller.userId());
        if (known != null && now - known.at() < TimeUnit.SECONDS.toNanos(RECHECK_SECONDS)) {
            return known.admits(caller);
        }
        Checked read = read(caller.userId(), now);
        if (read == null) {
            return known == null || known.admits(caller); // the database is away: keep what was known
        }
        checked.put(caller.userId(), read);
        return read.admits(caller);
    }

    /** The user's state changed here: read it again on the next request. */
    void changed(long userId) {
        checked.remove(userId);
    }

    private Checked read(long userId, long now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select disabled, role from user_account where id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Checked(
                                !rs.getBoolean(1), Role.parse(rs.getString(2)).orElse(null), now)
                        : new Checked(false, null, now);
            }
        } catch (SQLException e) {
            LOG.warning("checking user " + userId + " failed: " + e.getMessage());
            return null;
        }
    }
}
