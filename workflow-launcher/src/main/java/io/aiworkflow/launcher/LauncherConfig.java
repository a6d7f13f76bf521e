package io.aiworkflow.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * The platform's start-up settings, read from the {@link LaunchSetting} environment variables.
 *
 * @param dbUrl       an external PostgreSQL JDBC URL, or null for the embedded server
 * @param dataDir     where the embedded database keeps its data (survives restarts)
 * @param httpPort    Payara Micro's HTTP port; 0 picks a free one
 * @param warFile     the workflow-web WAR to deploy
 * @param runtimeDir  holds payara-micro.jar and postgresql.jar
 */
public record LauncherConfig(
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path dataDir,
        int dbPort,
        int httpPort,
        Path warFile,
        Path runtimeDir,
        Map<String, String> appEnv,
        String javaOptions) {

    public static LauncherConfig fromEnvironment(Map<String, String> env, Path projectDir) {
        return new LauncherConfig(
                LaunchSetting.DB_URL.in(env),
                LaunchSetting.DB_USER.in(env),
                LaunchSetting.DB_PASSWORD.in(env),
                Path.of(LaunchSetting.DATA_DIR.in(
                        env, projectDir.resolve("data").toString())),
                LaunchSetting.DB_PORT.intIn(env),
                LaunchSetting.HTTP_PORT.intIn(env),
                Path.of(LaunchSetting.WAR.in(
                        env,
                        projectDir
                                .resolve("workflow-web/target/workflow-web.war")
                                .toString())),
                Path.of(LaunchSetting.RUNTIME_DIR.in(
                        env,
                        projectDir.resolve("workflow-launcher/target/runtime").toString())),
                env,
                LaunchSetting.JAVA_OPTS.in(env));
    }
}
