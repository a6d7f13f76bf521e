package io.aiworkflow.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code ./run.sh}: starts the platform in the foreground; Ctrl-C stops Payara, then PostgreSQL. */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of(System.getProperty("workflow.projectDir", "."))
                .toAbsolutePath()
                .normalize();
        LauncherConfig config = LauncherConfig.fromEnvironment(System.getenv(), projectDir);
        Instant begin = Instant.now();
        AtomicReference<Platform> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before the start: Ctrl-C while Payara is still starting must stop it too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Platform platform = running.get();
            if (platform != null) {
                Platform.log("stopping");
                try {
                    platform.close();
                } catch (Exception e) {
                    System.err.println("[launcher] stop failed: " + e);
                }
            }
            stopped.countDown();
        }));
        Platform platform =
                Platform.start(config, config.dataDir().resolve("runtime"), null, Duration.ofMinutes(5), running::set);
        Platform.log("ready in " + Duration.between(begin, Instant.now()).toMillis() + " ms at " + platform.baseUri()
                + "  (API " + platform.baseUri() + "api, console " + platform.baseUri() + "console/)");
        stopped.await();
    }
}
