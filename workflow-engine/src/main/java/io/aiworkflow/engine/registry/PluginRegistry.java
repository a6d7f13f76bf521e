package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.model.registry.Plugin;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.catalog.PluginCatalog;
import io.aiworkflow.engine.catalog.PluginConfig;
import io.aiworkflow.engine.catalog.PluginInputField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The team's HTTP plugins. The auth secret goes in encrypted and never comes out through a view. */
@ApplicationScoped
public class PluginRegistry extends TeamScopedRegistry<Plugin, PluginRegistry.PluginSpec, PluginRegistry.PluginView>
        implements PluginCatalog {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public PluginRegistry() {
        super(Plugin.class, ErrorCode.PLUGIN_NOT_FOUND, "plugin");
    }

    /** {@code inputFields} is a JSON array of {fieldName, fieldType, isRequired, description}; headers a JSON object. */
    public record PluginSpec(
            String name,
            String description,
            String method,
            String urlTemplate,
            JsonObject headers,
            String bodyTemplate,
            String authHeaderName,
            String authSecret,
            JsonArray inputFields,
            Long teamId) {}

    public record PluginView(
            long pluginId,
            long teamId,
            String name,
            String description,
            String method,
            String urlTemplate,
            JsonValue headers,
            String bodyTemplate,
            String authHeaderName,
            boolean hasAuthSecret,
            JsonValue inputFields,
            OffsetDateTime createTime,
            OffsetDateTime updateTime) {}

    @Override
    protected Plugin newEntry(long teamId, OffsetDateTime now) {
        return new Plugin(teamId, now);
    }

    @Override
    protected Long requestedTeam(PluginSpec spec) {
        return spec.teamId();
    }

    /**
     * Runs on the engine's node threads: inside a transaction of its own, since the container's
     * entity manager used without one from a non-request thread intermittently failed in EclipseLink.
     */
    @Override
    public Optional<PluginConfig> find(long teamId, long pluginId) {
        Plugin p = ofTeam(teamId, pluginId);
        if (p == null) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.getHeadersJson() != null) {
            Jsons.parse(p.getHeadersJson())
                    .asJsonObject()
                    .forEach((k, v) -> headers.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
        }
        return Optional.of(new PluginConfig(
                p.getId(),
                p.getName(),
                p.getMethod(),
                p.getUrlTemplate(),
                headers,
                p.getBodyTemplate(),
                p.getAuthHeaderName(),
                cipher.decrypt(p.getAuthSecretCipher()),
                inputFields(p.getInputFieldsJson())));
    }

    /** The declared input fields, also for node definitions. */
    public static List<PluginInputField> inputFields(String json) {
        if (json == null) {
            return List.of();
        }
        return Jsons.parse(json).asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .map(f -> new PluginInputField(
                        f.getString("fieldName", ""),
                        f.getString("fieldType", "String"),
                        f.getBoolean("isRequired", false),
                        f.getString("description", "")))
                .toList();
    }

    @Override
    protected void apply(Plugin plugin, PluginSpec spec) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw WorkflowException.validation("name", "is required");
        }
        String method = spec.method() == null ? "GET" : spec.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw WorkflowException.validation("method", "must be one of " + METHODS);
        }
        if (spec.urlTemplate() == null || !spec.urlTemplate().matches("https?://.+")) {
            throw WorkflowException.validation("urlTemplate", "must be an http(s) URL");
        }
        if (spec.inputFields() != null) {
            for (JsonValue f : spec.inputFields()) {
                if (!(f instanceof JsonObject o) || !(o.get("fieldName") instanceof JsonString)) {
                    throw WorkflowException.validation("inputFields", "each entry needs a fieldName");
                }
            }
        }
        String secret = SecretRules.clean("authSecret", spec.authSecret());
        String headers = spec.headers() == null ? null : spec.headers().toString();
        SecretRules.requireAgainWhenMoved(
                "authSecret",
                plugin.getAuthSecretCipher() != null,
                secret,
                destination(plugin.getUrlTemplate(), plugin.getHeadersJson(), plugin.getAuthHeaderName()),
                destination(spec.urlTemplate(), headers, spec.authHeaderName()));
        plugin.configure(
                spec.name().trim(),
                spec.description(),
                method,
                spec.urlTemplate().trim(),
                headers,
                spec.bodyTemplate(),
                spec.authHeaderName(),
                spec.inputFields() == null ? null : spec.inputFields().toString(),
                time.now());
        if (secret != null) {
            plugin.setAuthSecretCipher(secret.isEmpty() ? null : cipher.encrypt(secret));
        }
    }

    /** Where the plugin's secret goes: the URL's origin, the headers (which place it) and the auth header's name. */
    private static String destination(String urlTemplate, String headersJson, String authHeaderName) {
        return urlTemplate == null
                ? null
                : SecretRules.origin(urlTemplate) + " " + (headersJson == null ? "{}" : Jsons.parse(headersJson)) + " "
                        + authHeaderName;
    }

    @Override
    protected PluginView view(Plugin p) {
        return new PluginView(
                p.getId(),
                p.getTeamId(),
                p.getName(),
                p.getDescription(),
                p.getMethod(),
                p.getUrlTemplate(),
                p.getHeadersJson() == null ? null : Jsons.parse(p.getHeadersJson()),
                p.getBodyTemplate(),
                p.getAuthHeaderName(),
                p.getAuthSecretCipher() != null,
                p.getInputFieldsJson() == null ? null : Jsons.parse(p.getInputFieldsJson()),
                p.getCreatedAt(),
                p.getUpdatedAt());
    }
}
