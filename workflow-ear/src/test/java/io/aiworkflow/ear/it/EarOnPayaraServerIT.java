package io.aiworkflow.ear.it;

import io.aiworkflow.launcher.EmbeddedDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Smoke test of the EAR on a real Payara Server Full (Payara Micro cannot deploy an EAR): the
 * distribution unpacked from Maven Central by the dependency plugin, a fresh domain on free loopback
 * ports, a real embedded PostgreSQL, the one server-defined pool {@code jdbc/workflow} (shared by
 * JPA, Flyway and the batch runtime), then {@code asadmin deploy workflow.ear} and a few HTTP
 * checks. Everything is stopped in {@link #stopAll()}, also when start-up fails half-way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EarOnPayaraServerIT {

    static final String BOOTSTRAP_KEY = "wf_ear_smoke_bootstrap_key_0123456789";
    static final String DOMAIN = "smoke";
    static final String APP = "workflow";
    static final String DB_PASSWORD = "postgres";

    static Path ear;
    static Path itDir;
    static Path payaraHome;
    static Path domainsDir;
    static Path asadminLog;
    static EmbeddedDatabase database;
    static int adminPort;
    static URI baseUri;
    static boolean domainCreated;
    static boolean deployed;
    static Thread killHook;

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void deployOnPayaraServer() throws Exception {
        Instant begin = Instant.now();
        ear = requiredPath("workflow.ear");
        payaraHome = requiredPath("payara.home");
        Path driver = requiredPath("workflow.jdbcDriver");
        itDir = Path.of(System.getProperty("workflow.itDir", "target/ear-it")).toAbsolutePath();
        domainsDir = itDir.resolve("domains");
        killDomainProcess(); // left over by an interrupted run
        deleteRecursively(itDir);
        Files.createDirectories(itDir);
        asadminLog = itDir.resolve("asadmin.log");

        database = EmbeddedDatabase.start(itDir.resolve("pgdata"), 0);
        log("PostgreSQL on port " + database.port());

        int portBase = freePortBase();
        adminPort = portBase + 48;
        int httpPort = portBase + 80;
        baseUri = URI.create("http://127.0.0.1:" + httpPort + "/");
        asadmin(
                Duration.ofMinutes(2),
                "create-domain",
                "--nopassword=true",
                "--checkports=true",
                "--portbase",
                Integer.toString(portBase),
                "--domaindir",
                domainsDir.toString(),
                DOMAIN);
        domainCreated = true;
        Path domainDir = domainsDir.resolve(DOMAIN);
        // the driver on the common class path before the first start: no restart after add-library
        Files.copy(driver, domainDir.resolve("lib").resolve("postgresql.jar"), StandardCopyOption.REPLACE_EXISTING);
        confineToLoopback(domainDir.resolve("config/domain.xml"), portBase);
        killHook = new Thread(EarOnPayaraServerIT::killDomainProcess, "kill-payara-domain");
        Runtime.getRuntime().addShutdownHook(killHook);

        // the domain JVM inherits start-domain's environment: that is where the app's settings go
        asadmin(Duration.ofMinutes(3), "start-domain", "--domaindir", domainsDir.toString(), DOMAIN);
        log("domain started after " + secondsSince(begin) + " s; admin port " + adminPort + ", HTTP port " + httpPort);

        remote(
                Duration.ofMinutes(1),
                "create-jdbc-connection-pool",
                "--datasourceclassname",
                "org.postgresql.ds.PGSimpleDataSource",
                "--restype",
                "javax.sql.DataSource",
                "--steadypoolsize",
                "2",
                "--maxpoolsize",
                "32",
                "--isconnectvalidatereq",
                "true",
                "--validationmethod",
                "auto-commit",
                "--wrapjdbcobjects",
                "false",
                "--property",
                "user=postgres:password=${ENV=WORKFLOW_DB_PASSWORD}:reWriteBatchedInserts=true:serverName=localhost"
                        + ":portNumber="
                        + database.port() + ":databaseName=" + EmbeddedDatabase.DATABASE,
                "workflowPool");
        remote(Duration.ofMinutes(1), "ping-connection-pool", "workflowPool");
        remote(Duration.ofMinutes(1), "create-jdbc-resource", "--connectionpoolid", "workflowPool", "jdbc/workflow");
        remote(Duration.ofMinutes(1), "set-batch-runtime-configuration", "--datasourcelookupname", "jdbc/workflow");

        Instant deployBegin = Instant.now();
        remote(Duration.ofMinutes(4), "deploy", "--name", APP, ear.toString());
        deployed = true;
        awaitReady(Duration.ofSeconds(90));
        log("deployed in " + secondsSince(deployBegin) + " s; ready after " + secondsSince(begin) + " s in all");
    }

    /** The deployment answers {@code /health/ready}; if not, the server's own log says why. */
    static void awaitReady(Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        String last;
        do {
            try {
                HttpResponse<String> ready = get("health/ready", null);
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        } while (Instant.now().isBefore(until));
        String serverLog = tail(domainsDir.resolve(DOMAIN + "/logs/server.log"), 150);
        log("not ready on " + baseUri + " after " + timeout.toSeconds() + " s: " + last + "\n--- server.log ---\n"
                + serverLog);
        throw new IllegalStateException("not ready on " + baseUri + " after " + timeout.toSeconds() + " s: " + last);
    }

    @AfterAll
    static void stopAll() throws Exception {
        List<Exception> failures = new ArrayList<>();
        if (deployed) {
            run(failures, () -> remote(Duration.ofMinutes(2), "undeploy", APP));
        }
        if (domainCreated) {
            run(
                    failures,
                    () -> asadmin(Duration.ofMinutes(2), "stop-domain", "--domaindir", domainsDir.toString(), DOMAIN));
            killDomainProcess();
            if (killHook != null) {
                Runtime.getRuntime().removeShutdownHook(killHook);
            }
        }
        if (database != null) {
            run(failures, () -> database.close());
        }
        if (!failures.isEmpty()) {
            failures.forEach(Throwable::printStackTrace);
        }
    }

    @Test
    @Order(1)
    void earHoldsEachClassOnce() throws IOException {
        Set<String> earEntries = entries(ear);
        assertTrue(earEntries.contains("workflow-engine.jar"), "the engine as EJB module: " + earEntries);
        assertTrue(earEntries.contains("workflow-web.war"), earEntries.toString());
        for (String lib : List.of(
                "lib/workflow-domain.jar",
                "lib/flyway-core.jar",
                "lib/json-path.jar",
                "lib/polyglot.jar",
                "lib/langchain4j-core.jar")) {
            assertTrue(earEntries.contains(lib), lib + " in the EAR's lib/: " + earEntries);
        }
        Set<String> webLibs = new TreeSet<>();
        try (ZipFile zip = new ZipFile(ear.toFile());
                ZipInputStream war = new ZipInputStream(zip.getInputStream(zip.getEntry("workflow-web.war")))) {
            for (ZipEntry e; (e = war.getNextEntry()) != null; ) {
                if (e.getName().startsWith("WEB-INF/lib/") && e.getName().endsWith(".jar")) {
                    webLibs.add(e.getName().substring("WEB-INF/lib/".length()));
                }
            }
        }
        assertTrue(
                webLibs.stream()
                        .noneMatch(j -> j.startsWith("workflow-")
                                || j.startsWith("flyway-")
                                || j.startsWith("langchain4j-")
                                || j.startsWith("polyglot")),
                "the EAR's WAR must not carry what lib/ and the EJB module already hold: " + webLibs);
        assertTrue(
                webLibs.stream().anyMatch(j -> j.startsWith("primefaces-")), "the console's own jars stay: " + webLibs);

        // the Payara Micro WAR is not touched by the EAR packaging: it still holds everything
        Path microWar = Path.of(System.getProperty("workflow.microWar", "../workflow-web/target/workflow-web.war"));
        Assumptions.assumeTrue(Files.exists(microWar), "no " + microWar + " built in this reactor");
        Set<String> micro = entries(microWar);
        assertTrue(micro.stream().anyMatch(e -> e.matches("WEB-INF/lib/workflow-engine-.*\\.jar")), micro.toString());
        assertTrue(micro.stream().anyMatch(e -> e.matches("WEB-INF/lib/workflow-domain-.*\\.jar")), micro.toString());
    }

    @Test
    @Order(2)
    void readinessIsUp() throws Exception {
        HttpResponse<String> ready = get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject body = json(ready.body()).asJsonObject();
        assertEquals("UP", body.getString("status"), ready.body());
        assertTrue(body.getJsonObject("checks").getBoolean("migrated"), "Flyway ran at deploy: " + ready.body());
    }

    @Test
    @Order(3)
    void apiCreatesAndListsAnAppWithTheBootstrapKey() throws Exception {
        String name = "EAR smoke " + System.nanoTime();
        HttpRequest create = request("api/app/team/create", BOOTSTRAP_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("name", name)
                        .add("description", "deployed as an EAR")
                        .add("appType", 2)
                        .build()
                        .toString()))
                .build();
        HttpResponse<String> created = HTTP.send(create, HttpResponse.BodyHandlers.ofString());
        assertEquals(
                201,
                created.statusCode(),
                "a 401 here means WORKFLOW_BOOTSTRAP_API_KEY did not reach the "
                        + "domain JVM through start-domain's environment: " + created.body());
        String appId = json(created.body()).asJsonObject().getString("appId");

        HttpResponse<String> list = get("api/app/team/list?page=1&pageSize=50", BOOTSTRAP_KEY);
        assertEquals(200, list.statusCode(), list.body());
        List<String> ids = json(list.body()).asJsonObject().getJsonArray("items").stream()
                .map(v -> v.asJsonObject().getString("appId"))
                .toList();
        assertTrue(ids.contains(appId), appId + " listed: " + list.body());

        assertEquals(401, get("api/app/team/list", null).statusCode(), "the API needs a key");
    }

    @Test
    @Order(4)
    void consoleLoginPageIsRenderedByFaces() throws Exception {
        Assumptions.assumeTrue(
                warHasEntry("console/login.xhtml"),
                "the WAR has no console/login.xhtml yet (console under construction): only /health and /api checked");
        HttpResponse<String> page = get("console/login.xhtml", null);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(
                page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                page.headers().toString());
        assertTrue(page.body().contains("<form"), "a login form: " + page.body());
        assertTrue(
                page.body().contains("jakarta.faces.ViewState"), "rendered by Faces, not served raw: " + page.body());
        assertFalse(
                page.body().contains("<ui:composition") || page.body().contains("xmlns:h="),
                "raw Facelets source was served");
    }

    // --- HTTP ---------------------------------------------------------------------------------

    static HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", path.startsWith("console/") ? "text/html" : "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    static HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        return HTTP.send(request(path, key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    // --- asadmin ------------------------------------------------------------------------------

    /** A remote command against this domain's DAS, on loopback. */
    static void remote(Duration timeout, String... command) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("--host", "127.0.0.1", "--port", Integer.toString(adminPort), "--user", "admin"));
        args.addAll(List.of(command));
        asadmin(timeout, args.toArray(String[]::new));
    }

    static void asadmin(Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(payaraHome.resolve("bin/asadmin").toString());
        cmd.add("--interactive=false");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(itDir, "asadmin", ".out");
        ProcessBuilder builder =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        env.put("AS_JAVA", javaHome);
        // what the application reads (it is started by start-domain and keeps this environment)
        env.put("WORKFLOW_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY);
        env.put("WORKFLOW_ADMIN_USER", "admin");
        env.put("WORKFLOW_ADMIN_PASSWORD", "admin-password-1");
        env.put("WORKFLOW_SECRET_KEY", "ear-smoke-test-secret-key-0123456789");
        env.put("WORKFLOW_DB_PASSWORD", DB_PASSWORD);
        env.put("WORKFLOW_PLUGIN_ALLOWED_HOSTS", "127.0.0.1,localhost");
        Instant begin = Instant.now();
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out);
        Files.writeString(
                asadminLog,
                "$ asadmin " + String.join(" ", args) + "   (" + secondsSince(begin) + " s)\n" + output + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Files.deleteIfExists(out);
        if (!finished || process.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", args)
                    + (finished ? " exited with " + process.exitValue() : " timed out after " + timeout)
                    + ":\n" + output + "\nserver log: " + domainsDir.resolve(DOMAIN + "/logs/server.log"));
        }
    }

    /**
     * The HTTP listeners on 127.0.0.1, and the domain data grid (Hazelcast) in "domain" discovery
     * mode bound to loopback on ports of this port base: no multicast, no traffic off the machine.
     * The HTTP protocol also takes the setting the API needs (a body on DELETE) here, before the
     * first start: set on a running domain it makes Payara recreate the listener, and a CI run once
     * found that listener refusing connections after the deployment.
     */
    static void confineToLoopback(Path domainXml, int portBase) throws IOException {
        String unboundHttpListener = "<network-listener (?![^>]*address=)([^>]*name=\"http-listener-[12]\")";
        String xml = Files.readString(domainXml);
        String grid = "<hazelcast-runtime-configuration discovery-mode=\"domain\" interface=\"127.0.0.1\""
                + " das-bind-address=\"127.0.0.1\" das-public-address=\"127.0.0.1\""
                + " das-port=\"" + (portBase + 90) + "\" start-port=\"" + (portBase + 91) + "\""
                + " tcpip-members=\"127.0.0.1:" + (portBase + 91) + "\" auto-increment-port=\"true\"";
        String changed = xml.replaceFirst("<hazelcast-runtime-configuration(\\s[^>]*)?>", grid + ">")
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replaceAll(unboundHttpListener, "<network-listener address=\"127.0.0.1\" $1")
                .replaceAll(
                        "(<protocol name=\"http-listener-1\">\\s*<http) ",
                        "$1 allow-payload-for-undefined-http-methods=\"true\" ")
                .replace("<jvm-options>-Xmx512m</jvm-options>", "<jvm-options>-Xmx1g</jvm-options>");
        if (!changed.contains(grid)
                || !changed.contains("allow-payload-for-undefined-http-methods=\"true\"")
                || Pattern.compile(unboundHttpListener).matcher(changed).find()) {
            throw new IllegalStateException("the domain.xml of this Payara version has another shape: " + domainXml);
        }
        Files.writeString(domainXml, changed);
    }

    /** Last resort (also as a shutdown hook): the domain JVM must not outlive the test. */
    static void killDomainProcess() {
        Path pidFile = domainsDir == null ? null : domainsDir.resolve(DOMAIN + "/config/pid");
        try {
            if (pidFile != null && Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit()
                            .orTimeout(20, TimeUnit.SECONDS)
                            .exceptionally(e -> null)
                            .join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("[ear-it] could not read " + pidFile + ": " + e);
        }
    }

    /** A base N such that N .. N+99 (admin N+48, HTTP N+80, IIOP, JMS, JMX, data grid N+90..) are free. */
    static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(200, 580) * 100;
            boolean free = true;
            for (int port = base; port < base + 100 && free; port++) {
                free = isFree(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of 100 ports");
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    interface Step {
        void run() throws Exception;
    }

    static void run(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    static boolean warHasEntry(String name) throws IOException {
        try (ZipFile zip = new ZipFile(ear.toFile());
                InputStream in = zip.getInputStream(zip.getEntry("workflow-web.war"));
                ZipInputStream war = new ZipInputStream(in)) {
            for (ZipEntry e; (e = war.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    static Set<String> entries(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Set<String> names = new TreeSet<>();
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            return names;
        }
    }

    static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            fail("system property " + property
                    + " must name an existing file (set by failsafe in workflow-ear/pom.xml): " + value);
        }
        return Path.of(value).toAbsolutePath();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long secondsSince(Instant begin) {
        return Duration.between(begin, Instant.now()).toSeconds();
    }

    static void log(String message) {
        System.out.println("[ear-it] " + message);
    }
}
