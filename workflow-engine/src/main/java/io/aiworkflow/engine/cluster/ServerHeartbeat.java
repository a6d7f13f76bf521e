package io.aiworkflow.engine.cluster;

import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.platform.ServerIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Each server announces itself every few seconds. A run whose server has gone quiet (crashed,
 * killed, restarted) can never finish, so it is closed as Failed with code INTERRUPTED, with a
 * final {@code workflow_error} event for clients that replay it. Several servers sharing one
 * database each sweep; the update is idempotent.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionManagement(TransactionManagementType.BEAN)
public class ServerHeartbeat {

    private static final Logger LOG = Logger.getLogger(ServerHeartbeat.class.getName());
    private static final int STALE_SECONDS = InstanceStore.SERVER_STALE_SECONDS;

    @Inject
    private ServerIdentity identity;

    @Inject
    private InstanceStore instances;

    private String serverId;
    /** since when the heartbeat has been written without a failure (System.nanoTime) */
    private volatile long steadySince = System.nanoTime() - TimeUnit.SECONDS.toNanos(STALE_SECONDS);

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @PostConstruct
    void announce() {
        serverId = identity.serverId();
        execute(
                "insert into server_heartbeat (server_id, started_at, heartbeat_at) values (?, now(), now())",
                serverId);
        sweep();
    }

    /**
     * While the database was away, this server could not beat either, and every other server now
     * looks gone to it as it looks gone to them: sweeping at once would close live runs. So it
     * sweeps only after beating steadily for {@value #STALE_SECONDS} s again (monotonic time), by
     * when the others, if alive, have beaten too.
     */
    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void beat() {
        int beaten = execute("update server_heartbeat set heartbeat_at = now() where server_id = ?", serverId);
        if (beaten == 0) {
            beaten = execute(
                    "insert into server_heartbeat (server_id, started_at, heartbeat_at) values (?, now(), now())"
                            + " on conflict (server_id) do update set heartbeat_at = now()",
                    serverId);
        }
        long now = System.nanoTime();
        if (beaten <= 0) {
            steadySince = now;
            return;
        }
        if (now - steadySince >= TimeUnit.SECONDS.toNanos(STALE_SECONDS)) {
            sweep();
        }
    }

    @PreDestroy
    void leave() {
        execute("delete from server_heartbeat where server_id = ?", serverId);
    }

    /** Closes the runs of servers that stopped beating. */
    void sweep() {
        int swept;
        try {
            swept = instances.interruptRunsOfGoneServers();
        } catch (RuntimeException e) {
            LOG.warning("heartbeat: " + e.getMessage());
            swept = -1;
        }
        if (swept > 0) {
            LOG.warning(swept + " run(s) of stopped servers marked Failed (INTERRUPTED)");
        }
        execute("delete from server_heartbeat where heartbeat_at < now() - interval '1 day'");
    }

    /** The update count, or -1 when the database could not be reached. */
    private int execute(String sql, String... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("heartbeat: " + e.getMessage());
            return -1;
        }
    }
}
