package io.aiworkflow.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro as a child process running the WAR, with one server-defined PostgreSQL pool that
 * JPA, Flyway and the batch runtime share. Always {@code --nocluster}: the
 * default multicast discovery would leave the machine.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    public static final String JNDI_NAME = "jdbc/workflow";
    private final Process process;

    private PayaraMicroProcess(Process process) {
        this.process = process;
    }

    public static PayaraMicroProcess start(
            LauncherConfig config, DatabaseTarget db, int httpPort, Path workDir, Path logFile) throws IOException {
        Files.createDirectories(workDir);
        // the root dir keeps the last start's domain.xml, which deploys the old WAR before --deploy
        // redeploys it: two deployments, the first answering readiness and then undeployed mid-way
        Path rootDir = workDir.resolve("payara");
        deleteRecursively(rootDir);
        Path commands = workDir.resolve("postboot.asadmin");
        Files.writeString(commands, postBootCommands(db));
        Path preBoot = workDir.resolve("preboot.asadmin");
        Files.writeString(preBoot, PRE_BOOT_COMMANDS);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(config.javaOptions().trim().split("\\s+")));
        cmd.addAll(List.of(
                "-jar",
                config.runtimeDir().resolve("payara-micro.jar").toString(),
                "--nocluster",
                "--port",
                Integer.toString(httpPort),
                "--addLibs",
                config.runtimeDir().resolve("postgresql.jar").toString(),
                "--prebootcommandfile",
                preBoot.toString(),
                "--postbootcommandfile",
                commands.toString(),
                "--rootDir",
                rootDir.toString(),
                "--deploy",
                config.warFile().toString(),
                "--contextroot",
                "/"));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (logFile == null) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        Map<String, String> env = builder.environment();
        env.putAll(config.appEnv());
        env.put("WORKFLOW_DB_PASSWORD", db.password());
        if (blank(env.get("WORKFLOW_SECRET_KEY"))) {
            env.put("WORKFLOW_SECRET_KEY", LocalSecretKey.readOrCreate(config.dataDir()));
        }
        return new PayaraMicroProcess(builder.start());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The pool's password comes from the environment so it is written to no file. JDBC objects are
     * not wrapped: wrapped, every statement call (each bound parameter of each history row) goes
     * through a reflective proxy for Payara's SQL tracing, about a sixth of the server's CPU under
     * load; the application closes what it opens and never reaches the physical connection.
     */
    static String postBootCommands(DatabaseTarget db) {
        return String.join(
                "\n",
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                        + " --restype javax.sql.DataSource --steadypoolsize 4 --maxpoolsize 64"
                        + " --isconnectvalidatereq true --validationmethod auto-commit --wrapjdbcobjects false"
                        + " --property user=" + db.user() + ":password=${ENV=WORKFLOW_DB_PASSWORD}"
                        + ":reWriteBatchedInserts=true:serverName=" + db.host() + ":portNumber=" + db.port()
                        + ":databaseName=" + db.database()
                        + " workflowPool",
                "create-jdbc-resource --connectionpoolid workflowPool " + JNDI_NAME,
                "set-batch-runtime-configuration --datasourcelookupname " + JNDI_NAME,
                "");
    }

    /**
     * Listener settings, applied before the server starts: set after boot, they make Payara recreate
     * the HTTP listener while the application deploys, and now and then the new listener is never
     * wired to the web container (it logs "GrizzlyProxy is NULL" and answers nothing).
     */
    static final String PRE_BOOT_COMMANDS = String.join(
            "\n",
            // the REST API's DELETE /app/team/delete carries a JSON body
            "set configs.config.server-config.network-config.protocols.protocol.http-listener"
                    + ".http.allow-payload-for-undefined-http-methods=true",
            "");

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the server at once, as a crash would: no shutdown hooks, no graceful undeploy. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Where the pool points: host, port, database and credentials parsed from a JDBC URL. */
    public record DatabaseTarget(String host, int port, String database, String user, String password) {

        public static DatabaseTarget fromJdbcUrl(String jdbcUrl, String user, String password) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String database = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
            return new DatabaseTarget(
                    uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
        }
    }
}
