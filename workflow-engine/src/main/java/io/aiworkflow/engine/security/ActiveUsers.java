package io.aiworkflow.engine.security;

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
 * Whether a signed-in user may still act: a console session outlives a disable unless it is checked.
 * Each user's state is read again at most every {@value #RECHECK_SECONDS} s (so other servers see a
 * disable within that time); a disable on this server takes effect at once.
 */
@ApplicationScoped
public class ActiveUsers {

    static final long RECHECK_SECONDS = 15;
    private static final Logger LOG = Logger.getLogger(ActiveUsers.class.getName());

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    private record Checked(boolean active, long at) {}

    private final Map<Long, Checked> checked = new ConcurrentHashMap<>();

    /** True for API keys (they are revoked apart) and for users who exist and are not disabled. */
    public boolean isActive(Caller caller) {
        if (caller == null || caller.userId() == null) {
            return caller != null;
        }
        long now = System.nanoTime();
        Checked known = checked.get(caller.userId());
        if (known != null && now - known.at() < TimeUnit.SECONDS.toNanos(RECHECK_SECONDS)) {
            return known.active();
        }
        Boolean active = read(caller.userId());
        if (active == null) {
            return known == null || known.active(); // the database is away: keep what was known
        }
        checked.put(caller.userId(), new Checked(active, now));
        return active;
    }

    /** The user's state changed here: read it again on the next request. */
    void changed(long userId) {
        checked.remove(userId);
    }

    private Boolean read(long userId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select disabled from user_account where id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && !rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.warning("checking user " + userId + " failed: " + e.getMessage());
            return null;
        }
    }
}
