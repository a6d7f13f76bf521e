package io.aiworkflow.web.ws;

import jakarta.json.JsonObject;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Renders a debug message once for all the watchers it goes to: the channel hands one message
 * object to every watcher in turn, so the text of the last one is kept (by identity) and reused.
 * A thousand watchers on a busy app would otherwise serialize every message a thousand times.
 */
final class RenderedOnce implements Function<JsonObject, String> {

    private record Rendered(JsonObject message, String text) {}

    private final Function<JsonObject, String> render;
    private final AtomicReference<Rendered> last = new AtomicReference<>();

    RenderedOnce(Function<JsonObject, String> render) {
        this.render = render;
    }

    @Override
    public String apply(JsonObject message) {
        Rendered kept = last.get();
        if (kept != null && kept.message() == message) {
            return kept.text();
        }
        String text = render.apply(message);
        last.set(new Rendered(message, text));
        return text;
    }
}
