package io.aiworkflow.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A real PostgreSQL server from the zonky binaries, its data kept in a directory of ours. */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "workflow";
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server on {@code port} (0: a free one) with data under {@code dataDir}, kept between starts. */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
        return start(dataDir, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with these server settings as well (a library to preload, say). */
    public static EmbeddedDatabase start(Path dataDir, int port, Map<String, String> serverConfig)
            throws IOException, SQLException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                // zonky's defaults trade durability for test speed; the platform's data must survive a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on");
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
        db.createDatabaseIfMissing();
        return db;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
