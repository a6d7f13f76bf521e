package io.aiworkflow.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/** {@code ./run.sh}: starts the platform in the foreground; Ctrl-C stops Payara, then PostgreSQL. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of(System.getProperty("workflow.projectDir", ".")).toAbsolutePath().normalize();
        LauncherConfig config = LauncherConfig.fromEnvironment(System.getenv(), projectDir);
        Instant begin = Instant.now();
        Platform platform = Platform.start(config, config.dataDir().resolve("runtime"), null, Duration.ofMinutes(5));
        Platform.log("ready in " + Duration.between(begin, Instant.now()).toMillis() + " ms at " + platform.baseUri()
                + "  (API " + platform.baseUri() + "api, console " + platform.baseUri() + "console/)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Platform.log("stopping");
            try {
                platform.close();
            } catch (Exception e) {
                System.err.println("[launcher] stop failed: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
