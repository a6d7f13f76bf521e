package io.aiworkflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A slow OpenAI-compatible chat model on 127.0.0.1: a streamed {@code POST /v1/chat/completions} is
 * answered with {@value #CHUNKS} content chunks, one every {@value #INTERVAL_MS} ms, then a stop
 * chunk with usage and {@code data: [DONE]}, in the shape the integration tests' emulation uses (what
 * the platform's LLM client reads). Each chunk's content is {@code "c<index>@<micros> "}: its index
 * and the moment it was written, on {@link #nowMicros}, so a client in this JVM can tell its delay.
 */
final class EmulatedModel implements AutoCloseable {

    static final int CHUNKS = 20;
    static final long INTERVAL_MS = 500;
    /** One chunk's content; a client reads its index and send time with this. */
    static final Pattern CHUNK = Pattern.compile("c(\\d+)@(\\d+) ");

    private static final long EPOCH_MICROS = System.currentTimeMillis() * 1000;
    private static final long NANO_ZERO = System.nanoTime();
    private static final String PREFIX = "data: {\"id\":\"b1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"emulated\",\"choices\":[{\"index\":0,";
    private static final byte[] FINISH = (PREFIX
                    + "\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + CHUNKS + ",\"total_tokens\":"
                    + (5 + CHUNKS) + "}}\n\ndata: [DONE]\n\n")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger broken = new AtomicInteger();

    EmulatedModel() throws IOException {
        // the JDK server closes idle connections beyond 200 the moment an answer ends, while the platform's
        // client may be handing that connection to its next call ("header parser received no bytes"): a
        // provider keeps them, as many as it has clients. Read when the server's classes load, i.e. here.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        // a large backlog: the platform opens hundreds of connections a second to it
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        // one thread per answer, asleep between chunks: simple, and cheap next to 2,000 sockets
        handlers = Executors.newCachedThreadPool(daemonThreads("emulated-llm"));
        server.setExecutor(handlers);
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
    }

    /** Microseconds since the epoch, monotonic within this JVM (the model and the clients share it). */
    static long nowMicros() {
        return EPOCH_MICROS + (System.nanoTime() - NANO_ZERO) / 1000;
    }

    /** The base URL to register the model with (the client appends {@code /chat/completions}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The entry for {@code WORKFLOW_PLUGIN_ALLOWED_HOSTS}: only this port on loopback. */
    String allowedHost() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int calls() {
        return calls.get();
    }

    /** Answers that ended early: their client went away or a write failed. */
    int broken() {
        return broken.get();
    }

    /** The most answers streaming at once since the last {@link #resetCounts}. */
    int peakInFlight() {
        return peakInFlight.get();
    }

    /** Starts the counts again, for a new round of streams. */
    void resetCounts() {
        peakInFlight.set(inFlight.get());
        calls.set(0);
        broken.set(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        calls.incrementAndGet();
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.replaceAll("\\s", "").contains("\"stream\":true")) {
                refuse(ex);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            long start = System.nanoTime();
            for (int i = 0; i < CHUNKS; i++) {
                // on a fixed schedule from the start, so slow writes do not stretch the answer
                long wait = start + TimeUnit.MILLISECONDS.toNanos((i + 1) * INTERVAL_MS) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                out.write(chunk("c" + i + "@" + nowMicros() + " "));
                out.flush();
            }
            out.write(FINISH);
            out.flush();
        } catch (IOException e) {
            broken.incrementAndGet();
        } catch (InterruptedException e) {
            broken.incrementAndGet();
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    /** The scenario's workflow always streams; anything else is a mistake worth seeing. */
    private static void refuse(HttpExchange ex) throws IOException {
        byte[] error = "{\"error\":{\"message\":\"the emulated model only streams\"}}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(400, error.length);
        ex.getResponseBody().write(error);
    }

    private static byte[] chunk(String content) {
        return (PREFIX + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Daemon threads: a bench that fails half-way must still be able to exit. */
    static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
