package io.aiworkflow.engine.node.plugin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.catalog.PluginCatalog;
import io.aiworkflow.engine.catalog.PluginConfig;
import io.aiworkflow.engine.catalog.PluginInputField;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("host", "content-length", "connection", "upgrade", "expect");

    private PluginCatalog catalog;
    private OutboundTargetGuard guard;
    private volatile PinnedHttpTransport http;

    /** For CDI. */
    public PluginNode() {}

    /** {@code guard} checks every target and resolves every name the node connects to. */
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
        long pluginId = in.number("pluginId")
                .map(Double::longValue)
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "'pluginId' is required"));
        PluginConfig plugin = catalog.find(ctx.teamId(), pluginId)
                .orElseThrow(
                        () -> new NodeFailure(NodeErrors.PLUGIN_NOT_FOUND, "no plugin " + pluginId + " in this team"));
        JsonObject inputs = in.inputs();
        checkRequired(plugin, inputs);
        Duration timeout = Duration.ofMillis(in.timeoutMs(DEFAULT_TIMEOUT_MS));
        String method = plugin.method() == null ? "GET" : plugin.method().toUpperCase(Locale.ROOT);
        URI first = URI.create(PluginRequestTemplate.url(plugin.urlTemplate(), inputs));
        String body = plugin.bodyTemplate() == null || plugin.bodyTemplate().isEmpty()
                ? null
                : PluginRequestTemplate.body(plugin.bodyTemplate(), inputs, isJsonBody(plugin));

        long started = System.nanoTime();
        URI target = first;
        PinnedHttpTransport.Answer response = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            guard.check(target);
            boolean sameHost = target.getHost().equalsIgnoreCase(first.getHost());
            response = transport().send(method, target, headers(plugin, inputs, sameHost), body, timeout);
            String location = response.location();
            if (!isRedirect(response.status()) || location == null) {
                break;
            }
            if (hop == MAX_REDIRECTS) {
                throw new NodeFailure(NodeErrors.PLUGIN_HTTP_ERROR, "more than " + MAX_REDIRECTS + " redirects");
            }
            target = target.resolve(location);
            if (response.status() == 303 || (response.status() <= 302 && !"GET".equals(method))) {
                method = "GET"; // as browsers do: 301/302/303 turn into a GET without body
                body = null;
            }
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        int status = response.status();
        ctx.trace(Jsons.object()
                .add("method", method)
                .add("url", withoutQuery(target))
                .add("status", status)
                .add("latencyMs", latencyMs)
                .build());
        String text = redact(response.body(), plugin.authSecret());
        if (status >= 400) {
            throw new NodeFailure(
                    NodeErrors.PLUGIN_HTTP_ERROR,
                    "plugin '" + plugin.name() + "' answered HTTP " + status
                            + (text.isBlank() ? "" : ": " + abbreviate(text)));
        }
        return NodeOutput.of(Jsons.object()
                .add("result", parse(text, response.contentType()))
                .add("status", status)
                .build());
    }

    private PinnedHttpTransport transport() {
        PinnedHttpTransport t = http;
        if (t == null) {
            synchronized (this) {
                if (http == null) {
                    http = new PinnedHttpTransport(guard, MAX_RESPONSE_BYTES);
                }
                t = http;
            }
        }
        return t;
    }

    @PreDestroy
    void close() {
        if (http != null) {
            http.close();
        }
    }

    private static void checkRequired(PluginConfig plugin, JsonObject inputs) {
        for (PluginInputField field : plugin.inputFields()) {
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

    /**
     * The request headers: the plugin's header templates filled from the inputs, and its secret (in
     * the headers that hold {@code {{secret}}}, and its auth header) only on its own host. A value
     * with a line break or other control character is refused without being echoed: it could carry
     * the secret, or smuggle a header in.
     */
    private static Map<String, String> headers(PluginConfig plugin, JsonObject inputs, boolean sendSecret) {
        Map<String, String> headers = new LinkedHashMap<>();
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
                String value = PluginRequestTemplate.header(raw, inputs)
                        .replace(SECRET_MARK, plugin.authSecret() == null ? "" : plugin.authSecret());
                headers.put(checkedName(header.getKey()), checkedValue(header.getKey(), value));
            }
        }
        if (sendSecret
                && plugin.authHeaderName() != null
                && !plugin.authHeaderName().isBlank()
                && plugin.authSecret() != null) {
            headers.put(
                    checkedName(plugin.authHeaderName()), checkedValue(plugin.authHeaderName(), plugin.authSecret()));
        }
        return headers;
    }

    private static String checkedName(String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "a plugin header name is not a valid HTTP header name");
        }
        return name;
    }

    private static String checkedValue(String name, String value) {
        if (value.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127)) {
            throw new NodeFailure(
                    NodeErrors.VALIDATION_ERROR,
                    "the value of plugin header '" + name + "' contains a line break or another control character");
        }
        return value;
    }

    private static boolean isJsonBody(PluginConfig plugin) {
        boolean jsonContentType = plugin.headers().entrySet().stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase("content-type")
                        && h.getValue().toLowerCase(Locale.ROOT).contains("json"));
        String trimmed = plugin.bodyTemplate().trim();
        return jsonContentType || trimmed.startsWith("{") || trimmed.startsWith("[");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static JsonValue parse(String text, String contentType) {
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
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
