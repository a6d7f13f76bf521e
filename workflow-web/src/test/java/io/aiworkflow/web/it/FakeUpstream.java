package io.aiworkflow.web.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulates the services outside the machine at the HTTP level, on 127.0.0.1: a plugin API
 * (fast, slow, echo) and an OpenAI-compatible chat completions endpoint that streams.
 */
public final class FakeUpstream implements AutoCloseable {

    private final HttpServer server;
    private volatile String lastChatRequest;
    /** requests to the chat completions endpoint and to {@code /flaky} */
    public final AtomicInteger chatCalls = new AtomicInteger();

    public final AtomicInteger flakyCalls = new AtomicInteger();
    /** while true, {@code /flaky} answers 503 */
    public final AtomicBoolean flakyDown = new AtomicBoolean(true);

    public FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/weather", ex -> {
            String query = ex.getRequestURI().getQuery();
            boolean authorized = "s3cr3t-value".equals(ex.getRequestHeaders().getFirst("X-Api-Key"));
            respond(
                    ex,
                    200,
                    "application/json",
                    "{\"query\":\"" + query + "\",\"tempC\":21,\"authorized\":" + authorized + "}");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(8_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "application/json", "{\"slow\":true}");
        });
        server.createContext(
                "/pause",
                ex -> { // answers after ?ms=… milliseconds
                    try {
                        Thread.sleep(
                                Long.parseLong(ex.getRequestURI().getQuery().replace("ms=", "")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    respond(ex, 200, "application/json", "{\"paused\":true}");
                });
        server.createContext("/binary500", ex -> {
            byte[] bytes = {0x00, (byte) 0xff, (byte) 0xfe, 'o', 'o', 'p', 's', 0x00, (byte) 0xc3};
            ex.sendResponseHeaders(500, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/flaky", ex -> {
            flakyCalls.incrementAndGet();
            if (flakyDown.get()) {
                respond(ex, 503, "application/json", "{\"error\":\"down\"}");
            } else {
                respond(ex, 200, "application/json", "{\"status\":\"up\"}");
            }
        });
        server.createContext("/v1/chat/completions", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastChatRequest = body;
            chatCalls.incrementAndGet();
            if (body.replaceAll("\\s", "").contains("\"stream\":true")) {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (String piece : new String[] {"Hel", "lo ", "world"}) {
                        out.write(
                                ("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                                                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
                                                + "\"},\"finish_reason\":null}]}\n\n")
                                        .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    out.write(
                            ("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                                            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                                            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n"
                                            + "data: [DONE]\n\n")
                                    .getBytes(StandardCharsets.UTF_8));
                }
            } else {
                respond(
                        ex,
                        200,
                        "application/json",
                        "{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,"
                                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                + "\"Hello world\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}");
            }
        });
        server.start();
    }

    /** The body of the last chat completions request. */
    public String lastChatRequest() {
        return lastChatRequest;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
