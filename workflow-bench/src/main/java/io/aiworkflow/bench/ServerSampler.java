package io.aiworkflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the platform's JVM, a child process of the bench running Payara Micro, while a scenario
 * runs: every second its threads and resident memory from {@code /proc/<pid>/status}, and its heap
 * from one {@code jstat -gc <pid> 1000} (one tool JVM for the whole run, not one a second: the
 * machine may have two cores). Keeps the maxima; {@link #heapInfo} asks {@code jcmd} once.
 */
final class ServerSampler implements AutoCloseable {

    private static final Pattern HEAP_INFO = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final long pid;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(EmulatedModel.daemonThreads("bench-sampler"));
    private Process jstat;
    // figures; -1 until sampled
    private int threadsBefore = -1;
    private int maxThreads = -1;
    private long maxRssKb = -1;
    private long peakRssKb = -1;
    private double maxHeapKb = -1;
    private double maxOldKb = -1;
    private double lastHeapKb = -1;
    private double firstYoung = -1;
    private double lastYoung;
    private double firstFull = -1;
    private double lastFull;

    private ServerSampler(long pid) {
        this.pid = pid;
    }

    /** Starts sampling the platform's JVM; with no such child process it samples nothing. */
    static ServerSampler start() {
        ServerSampler sampler = new ServerSampler(payaraPid().orElse(-1));
        if (sampler.pid > 0) {
            sampler.sampleStatus();
            sampler.threadsBefore = sampler.maxThreads;
            sampler.timer.scheduleAtFixedRate(sampler::sampleStatus, 1, 1, TimeUnit.SECONDS);
            sampler.startJstat();
        }
        return sampler;
    }

    /** The bench's child running {@code payara-micro.jar} (the launcher starts it so). */
    static OptionalLong payaraPid() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
                .mapToLong(ProcessHandle::pid)
                .findFirst();
    }

    long pid() {
        return pid;
    }

    private void startJstat() {
        try {
            jstat = new ProcessBuilder(tool("jstat"), "-gc", Long.toString(pid), "1000")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            System.err.println("[bench] jstat could not start, no heap figures: " + e.getMessage());
            return;
        }
        Thread reader = new Thread(this::readJstat, "bench-jstat");
        reader.setDaemon(true);
        reader.start();
    }

    private void readJstat() {
        String[] header = null;
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] columns = line.trim().split("\\s+");
                if (List.of(columns).contains("EU") && List.of(columns).contains("OU")) {
                    header = columns;
                } else if (header != null && columns.length == header.length) {
                    Map<String, Double> values = new HashMap<>();
                    for (int i = 0; i < columns.length; i++) {
                        values.put(header[i], number(columns[i]));
                    }
                    heapSample(values);
                }
            }
        } catch (IOException e) {
            // jstat ended with the run
        }
    }

    private synchronized void heapSample(Map<String, Double> v) {
        double used = v.getOrDefault("S0U", 0.0)
                + v.getOrDefault("S1U", 0.0)
                + v.getOrDefault("EU", 0.0)
                + v.getOrDefault("OU", 0.0);
        maxHeapKb = Math.max(maxHeapKb, used);
        maxOldKb = Math.max(maxOldKb, v.getOrDefault("OU", 0.0));
        lastHeapKb = used;
        lastYoung = v.getOrDefault("YGC", 0.0);
        lastFull = v.getOrDefault("FGC", 0.0);
        if (firstYoung < 0) {
            firstYoung = lastYoung;
            firstFull = lastFull;
        }
    }

    private void sampleStatus() {
        try {
            int threads = -1;
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = (int) kb(line);
                } else if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                }
            }
            statusSample(threads, rss, hwm);
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux: nothing to sample
        }
    }

    private synchronized void statusSample(int threads, long rssKb, long hwmKb) {
        maxThreads = Math.max(maxThreads, threads);
        maxRssKb = Math.max(maxRssKb, rssKb);
        peakRssKb = Math.max(peakRssKb, hwmKb);
    }

    /** The heap now, from {@code jcmd <pid> GC.heap_info}: "used X MB of Y MB". */
    String heapInfo() {
        if (pid <= 0) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder(tool("jcmd"), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = HEAP_INFO.matcher(out);
            return m.find()
                    ? String.format(Locale.ROOT, "used %d MB of %d MB", mb(m.group(2)), mb(m.group(1)))
                    : "unknown (jcmd: " + out.strip().lines().findFirst().orElse("no output") + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The maxima so far, one line. */
    synchronized String summary() {
        if (pid <= 0) {
            return "server figures unknown: the platform's JVM was not found";
        }
        String heap = maxHeapKb < 0
                ? "heap not sampled (jstat)"
                : String.format(
                        Locale.ROOT,
                        "heap used max %.0f MB (old gen max %.0f MB), %.0f MB at the last sample; GCs: %.0f young,"
                                + " %.0f full",
                        maxHeapKb / 1024,
                        maxOldKb / 1024,
                        lastHeapKb / 1024,
                        lastYoung - firstYoung,
                        lastFull - firstFull);
        return String.format(
                Locale.ROOT,
                "server pid %d: threads %d before, max %d; RSS max %d MB (process peak %d MB); %s",
                pid,
                threadsBefore,
                maxThreads,
                maxRssKb / 1024,
                peakRssKb / 1024,
                heap);
    }

    private static long kb(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    private static long mb(String kb) {
        return Long.parseLong(kb) / 1024;
    }

    /** jstat prints in the default locale: a decimal comma is possible, "-" for a missing figure. */
    private static double number(String text) {
        try {
            return Double.parseDouble(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The JDK's own tool (the platform runs on this JDK), else the one on the PATH. */
    private static String tool(String name) {
        Path p = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(p) ? p.toString() : name;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (jstat != null) {
            jstat.destroy();
        }
    }
}
