package io.aiworkflow.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The whole platform: a PostgreSQL (embedded unless an external URL is configured) and Payara
 * Micro running the WAR. {@code ./run.sh} and the integration tests start it the same way.
 */
public final class Platform implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final ServerStart serverStart;
    private PayaraMicroProcess payara;
    private boolean closed;
    private final URI baseUri;

    /** How the application server was started, so it can be started again the same way. */
    private record ServerStart(
            LauncherConfig config, PayaraMicroProcess.DatabaseTarget target, int port, Path workDir, Path logFile) {
        PayaraMicroProcess start() throws IOException {
            return PayaraMicroProcess.start(config, target, port, workDir, logFile);
        }
    }

    private Platform(EmbeddedDatabase database, ServerStart serverStart, PayaraMicroProcess payara) {
        this.database = database;
        this.serverStart = serverStart;
        this.payara = payara;
        this.baseUri = URI.create("http://127.0.0.1:" + serverStart.port() + "/");
    }

    /**
     * Starts the platform and returns once {@code /health/ready} answers UP.
     *
     * @param logFile where Payara's output goes, or null to share this process's console
     */
    public static Platform start(LauncherConfig config, Path workDir, Path logFile, Duration readyTimeout)
            throws Exception {
        return start(config, workDir, logFile, readyTimeout, platform -> {});
    }

    /**
     * As {@link #start(LauncherConfig, Path, Path, Duration)}, handing the platform to {@code launched}
     * as soon as its processes exist, before it is ready: a caller that must stop it on a signal
     * (Ctrl-C during start-up) can then do so instead of leaving Payara running.
     */
    public static Platform start(
            LauncherConfig config, Path workDir, Path logFile, Duration readyTimeout, Consumer<Platform> launched)
            throws Exception {
        EmbeddedDatabase database = null;
        PayaraMicroProcess.DatabaseTarget target;
        if (config.dbUrl() == null) {
            database = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), config.dbPort());
            target = PayaraMicroProcess.DatabaseTarget.fromJdbcUrl(database.jdbcUrl(), "postgres", "postgres");
            log("embedded PostgreSQL on port " + database.port() + ", data in "
                    + config.dataDir().resolve("postgres"));
        } else {
            target =
                    PayaraMicroProcess.DatabaseTarget.fromJdbcUrl(config.dbUrl(), config.dbUser(), config.dbPassword());
        }
        int port = config.httpPort() > 0 ? config.httpPort() : freePort();
        ServerStart serverStart = new ServerStart(config, target, port, workDir, logFile);
        Platform platform;
        try {
            platform = new Platform(database, serverStart, serverStart.start());
        } catch (Exception e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
        launched.accept(platform);
        try {
            platform.awaitReadyStartingAgainOnce(readyTimeout);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /**
     * Stops the application server and starts it again on the same port and database, as an operator's
     * restart ({@code crash} false: a graceful stop) or a crash and restart ({@code crash} true: the
     * process is killed). Returns once the new server is ready.
     */
    public synchronized void restartApplicationServer(boolean crash, Duration readyTimeout) throws Exception {
        if (crash) {
            payara.kill();
        } else {
            payara.close();
        }
        log("application server " + (crash ? "killed" : "stopped") + "; starting it again");
        payara = serverStart.start();
        awaitReadyStartingAgainOnce(readyTimeout);
    }

    /**
     * Waits for readiness; a server that never answers in the first three fifths of the time is
     * killed and started once more. Payara Micro occasionally comes up with its HTTP listener not
     * wired to the web container ("GrizzlyProxy is NULL" in its log) and then never answers.
     */
    private void awaitReadyStartingAgainOnce(Duration timeout) throws Exception {
        Duration first = timeout.multipliedBy(3).dividedBy(5);
        if (awaitReady(first)) {
            return;
        }
        log("the application server did not answer within " + first.toSeconds() + " s; starting it once more");
        payara.kill();
        payara = serverStart.start();
        if (!awaitReady(timeout.minus(first))) {
            throw new IllegalStateException("the platform was not ready within " + timeout);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public String jdbcUrl() {
        return database == null ? null : database.jdbcUrl();
    }

    /** True once {@code /health/ready} answers 200; false when the time ran out. */
    private boolean awaitReady(Duration timeout) throws Exception {
        // HTTP/1.1: the JDK client's default h2c upgrade attempt can stall on a just-started Grizzly
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        Instant firstNotFound = null;
        while (Instant.now().isBefore(deadline)) {
            if (!payara.isAlive()) {
                throw new IllegalStateException("Payara Micro exited during start-up");
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return true;
                }
                // Payara answers 404 once it is up without our application: the deployment failed
                if (response.statusCode() == 404) {
                    firstNotFound = firstNotFound == null ? Instant.now() : firstNotFound;
                    if (Duration.between(firstNotFound, Instant.now()).toSeconds() > 20) {
                        throw new IllegalStateException("Payara Micro is up but the application did not deploy");
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * A free port below the usual ephemeral range (32768 and up): the server is restarted on the
     * same port, and while it is down an outgoing connection of any process could otherwise be
     * given that port as its local one and keep the new server from listening.
     */
    private static int freePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the application server as a crash would (kill -9) and closes the platform. */
    public synchronized void kill() throws Exception {
        if (closed) {
            return;
        }
        payara.kill();
        close();
    }

    static void log(String message) {
        System.out.println("[launcher] " + message);
    }

    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            payara.close();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }
}
