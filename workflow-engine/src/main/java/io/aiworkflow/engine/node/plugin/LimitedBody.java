package io.aiworkflow.engine.node.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text up to a size limit: past it, the download is cancelled and
 * the send fails with {@link TooLarge}, whatever the response declared (chunked bodies included).
 */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {

    /** The body went past the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("the response is larger than " + maxBytes + " bytes");
        }
    }

    private final long maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private LimitedBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static HttpResponse.BodyHandler<String> atMost(long maxBytes) {
        return info -> new LimitedBody(maxBytes);
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (bytes.size() + (long) item.remaining() > maxBytes) {
                result.completeExceptionally(new TooLarge(maxBytes)); // first: the cancel fails the exchange too
                subscription.cancel();
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
