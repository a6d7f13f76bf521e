package io.aiworkflow.web.it;

import io.aiworkflow.launcher.LauncherConfig;
import io.aiworkflow.launcher.Platform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One platform per test JVM: a fresh embedded PostgreSQL and Payara Micro running the built WAR,
 * started by the same launcher code as {@code ./run.sh}, on first use; stopped when the JUnit
 * session closes ({@link PlatformSessionListener}).
 */
public final class TestPlatform {

    public static final String ADMIN_KEY = "wf_it_bootstrap_admin_key_0123456789";

    /** The origin whose FlowGram editor may call the task API from a browser. */
    public static final String FLOWGRAM_EDITOR_ORIGIN = "http://flowgram-editor.test:3000";

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-1";

    private static Platform platform;
    private static IllegalStateException startFailure;

    private TestPlatform() {}

    public static synchronized URI baseUri() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (platform == null) {
            try {
                platform = start();
            } catch (IllegalStateException first) {
                // a start that stalls on a loaded machine gets one more, fresh try; its log is kept
                System.err.println("[it] the platform did not start (" + first.getMessage() + "); trying once more");
                keepLog("payara-failed-start.log");
                try {
                    platform = start();
                } catch (IllegalStateException second) {
                    startFailure = second;
                    throw second;
                }
            }
        }
        return platform.baseUri();
    }

    /**
     * Restarts the application server (same port, same database): gracefully, or after killing it
     * as a crash would. Tests that do this leave the platform as other tests expect it.
     */
    static synchronized void restartServer(boolean crash) throws Exception {
        baseUri();
        platform.restartApplicationServer(crash, Duration.ofMinutes(4));
    }

    /**
     * One SQL statement on the platform's database, for what a test cannot do through the API: play
     * the part of another server sharing it. Returns the update count.
     */
    static int sql(String statement, Object... parameters) throws SQLException {
        return onDatabase(statement, parameters, PreparedStatement::executeUpdate);
    }

    /** The first column of the first row of a query on the platform's database, as text (null if no row). */
    static String query(String statement, Object... parameters) throws SQLException {
        return onDatabase(statement, parameters, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    /** The first column of every row of a query on the platform's database, as text. */
    static List<String> queryColumn(String statement, Object... parameters) throws SQLException {
        return onDatabase(statement, parameters, ps -> {
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    private interface Statement<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private static <T> T onDatabase(String statement, Object[] parameters, Statement<T> work) throws SQLException {
        baseUri();
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return work.run(ps);
        }
    }

    /**
     * Starts a second application server on the platform's database (a server of its own, as a
     * cluster member would be), sharing its data directory for the secret key. The caller closes it.
     */
    static synchronized Platform startSecondServer() throws Exception {
        baseUri();
        Path itDir = Path.of(System.getProperty("workflow.itDir", "target/it")).toAbsolutePath();
        Path second = itDir.resolve("second-server");
        deleteRecursively(second);
        Files.createDirectories(second);
        Map<String, String> env = serverEnvironment(itDir);
        env.put("WORKFLOW_DB_URL", platform.jdbcUrl());
        env.put("WORKFLOW_DB_USER", "postgres");
        env.put("WORKFLOW_DB_PASSWORD", "postgres");
        LauncherConfig config = LauncherConfig.fromEnvironment(env, second);
        Path log = second.resolve("payara.log");
        System.out.println("[it] starting a second server; Payara log: " + log);
        return Platform.start(config, second.resolve("runtime"), log, Duration.ofMinutes(4));
    }

    static synchronized void stop() throws Exception {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    private static void keepLog(String name) {
        Path itDir = Path.of(System.getProperty("workflow.itDir", "target/it")).toAbsolutePath();
        try {
            if (Files.exists(itDir.resolve("payara.log"))) {
                Files.copy(
                        itDir.resolve("payara.log"),
                        itDir.getParent().resolve(name),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[it] could not keep the log: " + e);
        }
    }

    private static Platform start() {
        try {
            Path itDir =
                    Path.of(System.getProperty("workflow.itDir", "target/it")).toAbsolutePath();
            deleteRecursively(itDir);
            Files.createDirectories(itDir);
            Map<String, String> env = serverEnvironment(itDir);
            env.put("WORKFLOW_DB_PORT", "0");
            LauncherConfig config = LauncherConfig.fromEnvironment(env, itDir);
            Path log = itDir.resolve("payara.log");
            System.out.println("[it] starting the platform; Payara log: " + log);
            return Platform.start(config, itDir.resolve("runtime"), log, Duration.ofMinutes(4));
        } catch (Exception e) {
            throw new IllegalStateException("the platform did not start; see target/it/payara.log", e);
        }
    }

    /** The settings every test server runs with (the data directory holds the shared secret key). */
    private static Map<String, String> serverEnvironment(Path itDir) {
        Map<String, String> env = new HashMap<>();
        env.put("WORKFLOW_DATA_DIR", itDir.resolve("data").toString());
        env.put("WORKFLOW_HTTP_PORT", "0");
        env.put("WORKFLOW_WAR", System.getProperty("workflow.war"));
        env.put("WORKFLOW_RUNTIME_DIR", System.getProperty("workflow.runtimeDir"));
        env.put("WORKFLOW_BOOTSTRAP_API_KEY", ADMIN_KEY);
        env.put("WORKFLOW_ADMIN_USER", ADMIN_USER);
        env.put("WORKFLOW_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("WORKFLOW_PLUGIN_ALLOWED_HOSTS", "127.0.0.1,localhost");
        env.put("WORKFLOW_EDITOR_ORIGINS", FLOWGRAM_EDITOR_ORIGIN);
        env.put("WORKFLOW_JAVA_OPTS", "-Xmx1g -XX:+UseSerialGC");
        return env;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
