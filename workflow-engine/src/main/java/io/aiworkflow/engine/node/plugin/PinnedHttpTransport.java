package io.aiworkflow.engine.node.plugin;

import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the plugin node talks HTTP: Apache HttpClient 5 (asynchronous, so waiting for an answer can
 * be interrupted when the run is canceled), resolving names only through the
 * {@link OutboundTargetGuard}, so the addresses it checked are the ones it connects to; no redirects
 * (the node follows them, each hop checked), no cookies, no retries; bodies read up to a limit.
 */
final class PinnedHttpTransport implements AutoCloseable {

    /** One answer: status, Location and Content-Type headers, body as UTF-8 text. */
    record Answer(int status, String location, String contentType, String body) {}

    private final CloseableHttpAsyncClient client;
    private final long maxBodyBytes;

    PinnedHttpTransport(OutboundTargetGuard guard, long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.addressesFor(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return guard.addressesFor(host)[0].getCanonicalHostName();
            }
        };
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(pinned)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .build())
                        .setMaxConnTotal(256)
                        .setMaxConnPerRoute(64)
                        .build())
                .setThreadFactory(new DefaultThreadFactory("plugin-http", true))
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .build();
        client.start();
    }

    /**
     * Sends one request and waits at most {@code timeout} for the whole answer.
     *
     * @throws NodeFailure NODE_TIMEOUT, PLUGIN_TARGET_FORBIDDEN, PLUGIN_RESPONSE_TOO_LARGE or PLUGIN_HTTP_ERROR
     */
    Answer send(String method, URI target, Map<String, String> headers, String body, Duration timeout)
            throws InterruptedException {
        SimpleHttpRequest request = SimpleHttpRequest.create(method, target);
        headers.forEach(request::addHeader);
        if (body != null) {
            request.setBody(body.getBytes(StandardCharsets.UTF_8), null);
        }
        Future<Message<HttpResponse, byte[]>> answer = client.execute(
                SimpleRequestProducer.create(request),
                new BasicResponseConsumer<>(new LimitedBody(maxBodyBytes)),
                null);
        try {
            Message<HttpResponse, byte[]> message = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            HttpResponse head = message.getHead();
            byte[] bytes = message.getBody() == null ? new byte[0] : message.getBody();
            return new Answer(
                    head.getCode(),
                    value(head.getFirstHeader("Location")),
                    value(head.getFirstHeader("Content-Type")),
                    new String(bytes, StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new NodeFailure(
                    NodeErrors.NODE_TIMEOUT, "the plugin did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private NodeFailure failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutboundTargetGuard.ForbiddenHost forbidden) {
                return new NodeFailure(NodeErrors.PLUGIN_TARGET_FORBIDDEN, forbidden.getMessage());
            }
            if (t instanceof TooLarge) {
                return new NodeFailure(
                        NodeErrors.PLUGIN_RESPONSE_TOO_LARGE,
                        "the plugin's response is larger than " + maxBodyBytes / (1024 * 1024) + " MiB");
            }
        }
        // an I/O exception says what failed (refused, reset, TLS); it never holds a header value
        return new NodeFailure(
                NodeErrors.PLUGIN_HTTP_ERROR,
                "calling the plugin failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static String value(Header header) {
        return header == null ? null : header.getValue();
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /** The body went past the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("the response is larger than " + maxBytes + " bytes");
        }
    }

    /** A response body kept up to a size; past it the exchange fails (chunked bodies included). */
    private static final class LimitedBody extends AbstractBinAsyncEntityConsumer<byte[]> {
        private final long maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        LimitedBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void streamStart(ContentType contentType) {}

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (bytes.size() + (long) src.remaining() > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            byte[] chunk = new byte[src.remaining()];
            src.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }

        @Override
        protected byte[] generateContent() {
            return bytes.toByteArray();
        }

        @Override
        public void releaseResources() {}
    }
}
