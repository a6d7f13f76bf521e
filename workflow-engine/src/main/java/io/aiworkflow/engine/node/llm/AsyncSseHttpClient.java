package io.aiworkflow.engine.node.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;

import java.net.URI;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.langchain4j.http.client.sse.ServerSentEventListenerUtils.ignoringExceptions;

/**
 * A LangChain4j HTTP client whose server-sent-event streams (OpenAI-compatible chat streaming) hold
 * no thread while they wait for the next chunk: the body is read line by line as it arrives, on the
 * JDK client's own executor. LangChain4j's JDK client reads a stream on one thread per call, which
 * with thousands of concurrent answers means thousands of threads. Plain requests, and streams
 * with a parser of their own (Ollama's lines of JSON), go to that client unchanged.
 */
final class AsyncSseHttpClient implements HttpClient {

    private final java.net.http.HttpClient http;
    private final JdkHttpClient blocking;
    private final Duration readTimeout;

    private AsyncSseHttpClient(Duration connectTimeout, Duration readTimeout) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.http = builder.build();
        this.blocking = new JdkHttpClientBuilder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .build();
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        return blocking.execute(request);
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        if (parser.getClass() != DefaultServerSentEventParser.class
                || !request.formDataFields().isEmpty()
                || !request.formDataFiles().isEmpty()) {
            blocking.execute(request, parser, listener);
            return;
        }
        EventLines lines = new EventLines(listener);
        http.sendAsync(jdkRequest(request), info -> {
                    if (info.statusCode() < 200 || info.statusCode() > 299) {
                        return BodySubscribers.ofString(StandardCharsets.UTF_8); // the error's body
                    }
                    ignoringExceptions(() -> listener.onOpen(SuccessfulHttpResponse.builder()
                            .statusCode(info.statusCode())
                            .headers(info.headers().map())
                            .build()));
                    return BodySubscribers.fromLineSubscriber(lines, s -> null, StandardCharsets.UTF_8, null);
                })
                .whenComplete((response, error) -> {
                    if (lines.ended()) {
                        return; // the body's end or failure was reported as it came
                    }
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        ignoringExceptions(() -> listener.onError(cause));
                    } else if (response.statusCode() < 200 || response.statusCode() > 299) {
                        ignoringExceptions(
                                () -> listener.onError(new HttpException(response.statusCode(), response.body())));
                    }
                });
    }

    private java.net.http.HttpRequest jdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder()
                .uri(URI.create(request.url()))
                .method(
                        request.method().name(),
                        request.body() == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        if (readTimeout != null) {
            builder.timeout(readTimeout); // until the response's headers, as LangChain4j's client
        }
        return builder.build();
    }

    /**
     * Server-sent events from the body's lines, as LangChain4j's default parser reads them: {@code
     * event:} names the event, {@code data:} lines are joined with newlines, a blank line (or the end
     * of the body) dispatches it. Other fields and comments are ignored.
     */
    private static final class EventLines implements Flow.Subscriber<String>, ServerSentEventParsingHandle {

        private final ServerSentEventListener listener;
        private final ServerSentEventContext context = new ServerSentEventContext(this);
        private final StringBuilder data = new StringBuilder();
        private String event;
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;
        private final AtomicBoolean ended = new AtomicBoolean();

        EventLines(ServerSentEventListener listener) {
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (cancelled) {
                return;
            }
            if (line.isEmpty()) {
                dispatch();
            } else if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring("data:".length()).trim());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (ended.compareAndSet(false, true) && !cancelled) {
                ignoringExceptions(() -> listener.onError(error));
            }
        }

        @Override
        public void onComplete() {
            if (ended.compareAndSet(false, true) && !cancelled) {
                dispatch();
                ignoringExceptions(listener::onClose);
            }
        }

        /** Whether the body ended or failed (and the listener was told, unless the stream was cancelled). */
        boolean ended() {
            return ended.get();
        }

        private void dispatch() {
            if (!data.isEmpty()) {
                ServerSentEvent sse = new ServerSentEvent(event, data.toString());
                ignoringExceptions(() -> listener.onEvent(sse, context));
            }
            data.setLength(0);
            event = null;
        }

        @Override
        public void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** Builds the client for a LangChain4j model builder's {@code httpClientBuilder}. */
    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new AsyncSseHttpClient(connectTimeout, readTimeout);
        }
    }
}
