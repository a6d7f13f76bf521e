package io.aiworkflow.engine.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real PostgreSQL for the projection tests: the zonky binaries the launcher runs, started once
 * per test JVM on first use and stopped when it exits, migrated by Flyway as the platform migrates
 * at startup. Test classes share it, each in teams, apps and runs of its own.
 */
public final class Postgres {

    /** Kept: a logger only referenced weakly may lose its level. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private static EmbeddedPostgres server;
    private static PGSimpleDataSource dataSource;

    private Postgres() {}

    /** The migrated database; the server starts on the first call. */
    public static synchronized DataSource migrated() {
        if (dataSource == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    server.close();
                                } catch (IOException ignored) {
                                    // the JVM ends anyway
                                }
                            },
                            "embedded-postgres-stop"));
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {"localhost"});
            ds.setPortNumbers(new int[] {server.getPort()});
            ds.setDatabaseName("postgres");
            ds.setUser("postgres");
            ds.setPassword("postgres");
            ds.setReWriteBatchedInserts(true); // as the launcher configures the platform's pool
            FLYWAY_LOG.setLevel(Level.WARNING);
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            dataSource = ds;
        }
        return dataSource;
    }

    /** A new team; its id. */
    public static long team() {
        return Long.parseLong(first("insert into team (name) values (?) returning id", "team " + UUID.randomUUID()));
    }

    /** A new Workflow app of the team with this trace level; its id. */
    public static String app(long teamId, String traceLevel) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        update(
                "insert into app (id, team_id, name, app_type, trace_level, created_at, updated_at)"
                        + " values (?, ?, ?, 2, ?, ?, ?)",
                id,
                teamId,
                "app " + id,
                traceLevel,
                now,
                now);
        return id;
    }

    public static int update(String sql, Object... parameters) {
        try (Connection c = migrated().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, parameters);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row of the query, each column as text (null stays null). */
    public static List<List<String>> rows(String sql, Object... parameters) {
        try (Connection c = migrated().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, parameters);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row, as text; null when there is no row. */
    public static String first(String sql, Object... parameters) {
        List<List<String>> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    private static void bind(PreparedStatement ps, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
    }
}
