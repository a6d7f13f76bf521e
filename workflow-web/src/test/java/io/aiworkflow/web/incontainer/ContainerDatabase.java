package io.aiworkflow.web.incontainer;

import io.aiworkflow.launcher.EmbeddedDatabase;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts an embedded PostgreSQL for the Payara Micro that Arquillian starts, and writes the boot
 * command files (arquillian.xml points at them) that give the server its {@code jdbc/workflow}
 * pool. Listed before Arquillian's extension, so the database is up before the server deploys. The
 * test class also runs inside the server, where this does nothing.
 */
public final class ContainerDatabase implements BeforeAllCallback {

    private static EmbeddedDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String itDir = System.getProperty("workflow.itDir");
        if (itDir == null) {
            return; // inside the server
        }
        synchronized (ContainerDatabase.class) {
            if (database != null) {
                return;
            }
            Path dir = Path.of(itDir, "arquillian");
            Files.createDirectories(dir);
            database = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    database.close();
                } catch (Exception ignored) {
                    // the test JVM is ending anyway
                }
            }));
            Files.writeString(
                    dir.resolve("postboot.asadmin"),
                    String.join(
                            "\n",
                            "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                                    + " --restype javax.sql.DataSource --steadypoolsize 2 --maxpoolsize 32"
                                    + " --property user=postgres:password=postgres:serverName=127.0.0.1"
                                    + ":portNumber=" + database.port() + ":databaseName=" + EmbeddedDatabase.DATABASE
                                    + " workflowPool",
                            "create-jdbc-resource --connectionpoolid workflowPool jdbc/workflow",
                            ""));
            Files.writeString(
                    dir.resolve("preboot.asadmin"),
                    "set configs.config.server-config.network-config.protocols.protocol.http-listener"
                            + ".http.allow-payload-for-undefined-http-methods=true\n");
        }
    }
}
