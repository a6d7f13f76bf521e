package io.aiworkflow.web.api.registry;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.registry.PluginRegistry;
import io.aiworkflow.engine.registry.PluginRegistry.PluginSpec;
import io.aiworkflow.engine.registry.PluginRegistry.PluginView;
import io.aiworkflow.engine.registry.TeamScopedRegistry;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The team's HTTP plugins ({@code /api/app/plugin}): {@code url} and {@code bodyTemplate} with
 * {@code {{field}}} holes, {@code headers} (where {@code {{secret}}} stands for the secret),
 * {@code inputFields}, and a write-only {@code secret}.
 */
@Path("app/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class PluginResource extends RegistryResource<PluginSpec, PluginView> {

    @Inject
    private PluginRegistry plugins;

    @Override
    protected TeamScopedRegistry<?, PluginSpec, PluginView> registry() {
        return plugins;
    }

    @Override
    protected String idField() {
        return "pluginId";
    }

    @Override
    protected PluginSpec spec(JsonObject o) {
        String url = JsonFields.string(o, "url", false, 4000);
        if (url == null) {
            url = JsonFields.string(o, "urlTemplate", true, 4000);
        }
        return new PluginSpec(
                JsonFields.string(o, "name", true, 200),
                JsonFields.string(o, "description", false, 2000),
                JsonFields.string(o, "method", false, 10),
                url,
                JsonFields.object(o, "headers"),
                JsonFields.string(o, "bodyTemplate", false, 100_000),
                JsonFields.string(o, "authHeaderName", false, 200),
                JsonFields.string(o, "secret", false, 4000),
                array(o, "inputFields"),
                JsonFields.longValue(o, "teamId", false));
    }

    private static JsonArray array(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (JsonFields.isAbsent(v)) {
            return null;
        }
        if (v instanceof JsonArray array) {
            return array;
        }
        throw JsonFields.wrongType(field, "an array");
    }
}
