package io.aiworkflow.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * The platform's start-up settings, read from {@code WORKFLOW_*} environment variables.
 *
 * @param dbUrl       an external PostgreSQL JDBC URL, or null for the embedded server
 * @param dataDir     where the embedded database keeps its data (survives restarts)
 * @param httpPort    Payara Micro's HTTP port; 0 picks a free one
 * @param warFile     the workflow-web WAR to deploy
 * @param runtimeDir  holds payara-micro.jar and postgresql.jar
 */
public record LauncherConfig(String dbUrl, String dbUser, String dbPassword, Path dataDir, int dbPort,
                             int httpPort, Path warFile, Path runtimeDir, Map<String, String> appEnv,
                             String javaOptions) {

    public static LauncherConfig fromEnvironment(Map<String, String> env, Path projectDir) {
        return new LauncherConfig(
                blankToNull(env.get("WORKFLOW_DB_URL")),
                env.getOrDefault("WORKFLOW_DB_USER", "postgres"),
                env.getOrDefault("WORKFLOW_DB_PASSWORD", "postgres"),
                Path.of(env.getOrDefault("WORKFLOW_DATA_DIR", projectDir.resolve("data").toString())),
                Integer.parseInt(env.getOrDefault("WORKFLOW_DB_PORT", "54329")),
                Integer.parseInt(env.getOrDefault("WORKFLOW_HTTP_PORT", "8080")),
                Path.of(env.getOrDefault("WORKFLOW_WAR",
                        projectDir.resolve("workflow-web/target/workflow-web.war").toString())),
                Path.of(env.getOrDefault("WORKFLOW_RUNTIME_DIR",
                        projectDir.resolve("workflow-launcher/target/runtime").toString())),
                env,
                env.getOrDefault("WORKFLOW_JAVA_OPTS", "-Xmx1g"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
