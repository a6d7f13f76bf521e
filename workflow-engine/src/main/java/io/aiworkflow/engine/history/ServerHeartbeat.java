package io.aiworkflow.engine.history;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
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
    private static final int STALE_SECONDS = 20;
    /**
     * SQL condition on a {@code workflow_instance i}: its server left or stopped beating, and holds no
     * lease on it ({@link InstanceStore#lease}). A run of such a server can never finish there; a
     * waiting one may be taken over.
     */
    public static final String SERVER_GONE = "((i.lease_until is null or i.lease_until < now()) and not exists ("
            + "select 1 from server_heartbeat h where h.server_id = i.server_id"
            + " and h.heartbeat_at > now() - make_interval(secs => " + STALE_SECONDS + ")))";

    private final String serverId = UUID.randomUUID().toString();
    /** since when the heartbeat has been written without a failure (System.nanoTime) */
    private volatile long steadySince = System.nanoTime() - TimeUnit.SECONDS.toNanos(STALE_SECONDS);

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    public String serverId() {
        return serverId;
    }

    @PostConstruct
    void announce() {
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
        int swept = execute(
                InstanceStore.failWithFinalEvent("i.state = 'Running' and " + SERVER_GONE),
                "INTERRUPTED",
                "the server running this workflow stopped before it finished");
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
