package io.aiworkflow.engine.node.plugin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.engine.catalog.FieldDefine;
import io.aiworkflow.engine.catalog.PluginCatalog;
import io.aiworkflow.engine.catalog.PluginConfig;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Calls a registered HTTP plugin: {@code pluginId} picks it, the other inputs fill its templates.
 * Output {@code result} (JSON when the body is JSON, else text) and {@code status}. Every hop,
 * redirects included (at most 3, followed here rather than by the client), passes the
 * {@link OutboundTargetGuard}; the auth secret goes only to the plugin's own host and never into
 * outputs or traces.
 */
@ApplicationScoped
public class PluginNode implements NodeBehavior {

    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    static final int MAX_REDIRECTS = 3;
    private static final int MAX_ERROR_BODY = 500;
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "upgrade", "expect");

    private PluginCatalog catalog;
    private OutboundTargetGuard guard;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** For CDI. */
    public PluginNode() {
    }

    public PluginNode(PluginCatalog catalog, OutboundTargetGuard guard) {
        this.catalog = catalog;
        this.guard = guard;
    }

    @Inject
    void setCatalog(PluginCatalog catalog) {
        this.catalog = catalog;
        if (guard == null) {
            guard = OutboundTargetGuard.fromEnvironment();
        }
    }

    @Override
    public NodeType type() {
        return NodeType.Plugin;
    }

    @Override
    public boolean enforcesOwnTimeout() {
        return true;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) throws InterruptedException {
        long pluginId = in.number("pluginId").map(Double::longValue).orElseThrow(() ->
                new NodeFailure(NodeErrors.VALIDATION_ERROR, "'pluginId' is required"));
        PluginConfig plugin = catalog.find(ctx.teamId(), pluginId).orElseThrow(() ->
                new NodeFailure(NodeErrors.PLUGIN_NOT_FOUND, "no plugin " + pluginId + " in this team"));
        JsonObject inputs = in.inputs();
        checkRequired(plugin, inputs);
        Duration timeout = Duration.ofMillis(in.timeoutMs(DEFAULT_TIMEOUT_MS));
        String method = plugin.method() == null ? "GET" : plugin.method().toUpperCase(Locale.ROOT);
        URI first = URI.create(PluginRequestTemplate.url(plugin.urlTemplate(), inputs));
        String body = plugin.bodyTemplate() == null || plugin.bodyTemplate().isEmpty() ? null
                : PluginRequestTemplate.body(plugin.bodyTemplate(), inputs, isJsonBody(plugin));

        long started = System.nanoTime();
        URI target = first;
        HttpResponse<String> response = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            guard.check(target);
            boolean sameHost = target.getHost().equalsIgnoreCase(first.getHost());
            response = send(request(plugin, method, target, body, inputs, timeout, sameHost));
            String location = response.headers().firstValue("location").orElse(null);
            if (!isRedirect(response.statusCode()) || location == null) {
                break;
            }
            if (hop == MAX_REDIRECTS) {
                throw new NodeFailure(NodeErrors.PLUGIN_HTTP_ERROR, "more than " + MAX_REDIRECTS + " redirects");
            }
            target = target.resolve(location);
            if (response.statusCode() == 303 || (response.statusCode() <= 302 && !"GET".equals(method))) {
                method = "GET"; // as browsers do: 301/302/303 turn into a GET without body
                body = null;
            }
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        ctx.trace(Jsons.object().add("method", method).add("url", withoutQuery(target)).add("status", status)
                .add("latencyMs", latencyMs).build());
        String text = redact(response.body(), plugin.authSecret());
        if (status >= 400) {
            throw new NodeFailure(NodeErrors.PLUGIN_HTTP_ERROR, "plugin '" + plugin.name() + "' answered HTTP " + status
                    + (text.isBlank() ? "" : ": " + abbreviate(text)));
        }
        return NodeOutput.of(Jsons.object().add("result", parse(text, response)).add("status", status).build());
    }

    private static void checkRequired(PluginConfig plugin, JsonObject inputs) {
        for (FieldDefine field : plugin.inputFields()) {
            if (field.required() && Jsons.isNull(inputs.get(field.name()))) {
                throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "plugin input '" + field.name() + "' is required");
            }
        }
    }

    /** Largest plugin response read; a larger one fails the node rather than filling the heap. */
    public static final long MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

    /** {@code {{secret}}} in a header template stands for the plugin's stored secret. */
    static final String SECRET_HOLE = "{{secret}}";
    private static final String SECRET_MARK = "\u0000secret\u0000";

    private static HttpRequest request(PluginConfig plugin, String method, URI target, String body, JsonObject inputs,
                                       Duration timeout, boolean sendSecret) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : plugin.headers().entrySet()) {
            if (!RESTRICTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                String raw = header.getValue();
                if (raw.contains(SECRET_HOLE)) {
                    // the secret only ever goes to the plugin's own host, and never through input rendering
                    if (!sendSecret || plugin.authSecret() == null) {
                        continue;
                    }
                    raw = raw.replace(SECRET_HOLE, SECRET_MARK);
                }
                builder.header(header.getKey(), PluginRequestTemplate.header(raw, inputs)
                        .replace(SECRET_MARK, plugin.authSecret() == null ? "" : plugin.authSecret()));
            }
        }
        if (sendSecret && plugin.authHeaderName() != null && !plugin.authHeaderName().isBlank()
                && plugin.authSecret() != null) {
            builder.header(plugin.authHeaderName(), plugin.authSecret());
        }
        return builder.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, LimitedBody.atMost(MAX_RESPONSE_BYTES));
        } catch (HttpTimeoutException e) {
            throw new NodeFailure(NodeErrors.NODE_TIMEOUT, "the plugin did not answer within " + request.timeout()
                    .map(Duration::toMillis).orElse(0L) + " ms");
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof LimitedBody.TooLarge) {
                    throw new NodeFailure(NodeErrors.PLUGIN_RESPONSE_TOO_LARGE, "the plugin's response is larger than "
                            + MAX_RESPONSE_BYTES / (1024 * 1024) + " MiB");
                }
            }
            throw new NodeFailure(NodeErrors.PLUGIN_HTTP_ERROR, "calling the plugin failed: " + e.getMessage());
        }
    }

    private static boolean isJsonBody(PluginConfig plugin) {
        boolean jsonContentType = plugin.headers().entrySet().stream().anyMatch(h ->
                h.getKey().equalsIgnoreCase("content-type") && h.getValue().toLowerCase(Locale.ROOT).contains("json"));
        String trimmed = plugin.bodyTemplate().trim();
        return jsonContentType || trimmed.startsWith("{") || trimmed.startsWith("[");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static JsonValue parse(String text, HttpResponse<String> response) {
        boolean json = response.headers().firstValue("content-type").map(t -> t.contains("json")).orElse(false);
        String trimmed = text.trim();
        if (json || trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return Jsons.parse(trimmed);
            } catch (RuntimeException notJson) {
                return Jsons.string(text);
            }
        }
        return Jsons.string(text);
    }

    /** A server may echo the credential back; it must not land in outputs or history. */
    private static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "<redacted>");
    }

    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "…";
    }
}
