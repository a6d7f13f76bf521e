package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.registry.PluginRegistry;
import io.aiworkflow.engine.registry.PluginRegistry.PluginSpec;
import io.aiworkflow.engine.registry.PluginRegistry.PluginView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.Serializable;
import java.util.List;

/**
 * The registries page's HTTP plugins: list, add, change, delete. The secret is write-only: never
 * shown, only replaced (an empty field keeps it; changing where it goes asks for it again).
 */
@Named
@ViewScoped
public class PluginsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private PluginRegistry plugins;

    @Inject
    private ConsoleUser user;

    private List<PluginView> rows;
    private Long editing;
    private String name;
    private String description;
    private String method = "GET";
    private String url;
    private String headers;
    private String body;
    private String authHeader;
    private String secret;
    private String inputFields;

    public List<PluginView> getRows() {
        if (rows == null) {
            rows = ConsoleMessages.readOr(() -> plugins.list(user.caller()), List.of());
        }
        return rows;
    }

    public void startNew() {
        editing = null;
        name = description = url = headers = body = authHeader = secret = inputFields = null;
        method = "GET";
    }

    public void startEdit(PluginView p) {
        editing = p.pluginId();
        name = p.name();
        description = p.description();
        method = p.method();
        url = p.urlTemplate();
        headers = ConsoleJson.pretty(p.headers());
        body = p.bodyTemplate();
        authHeader = p.authHeaderName();
        inputFields = ConsoleJson.pretty(p.inputFields());
        secret = null;
    }

    public void save() {
        try {
            PluginSpec spec = new PluginSpec(
                    name,
                    description,
                    method,
                    url,
                    json("headers", headers) instanceof JsonObject o ? o : null,
                    body == null || body.isBlank() ? null : body,
                    authHeader == null || authHeader.isBlank() ? null : authHeader.strip(),
                    secret == null || secret.isEmpty() ? null : secret,
                    json("inputFields", inputFields) instanceof JsonArray a ? a : null,
                    null);
            if (editing == null) {
                plugins.create(user.caller(), spec);
                ConsoleMessages.info("Added plugin '" + name + "'");
            } else {
                plugins.update(user.caller(), editing, spec);
                ConsoleMessages.info("Saved plugin '" + name + "'");
            }
            rows = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        } finally {
            secret = null;
        }
    }

    private static JsonValue json(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Jsons.parse(text);
        } catch (RuntimeException e) {
            throw WorkflowException.validation(field, "is not JSON");
        }
    }

    public void delete(PluginView p) {
        try {
            plugins.delete(user.caller(), p.pluginId());
            ConsoleMessages.info("Deleted plugin '" + p.name() + "'");
            rows = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public boolean isEditing() {
        return editing != null;
    }

    public List<String> getMethods() {
        return List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getHeaders() {
        return headers;
    }

    public void setHeaders(String headers) {
        this.headers = headers;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public String getAuthHeader() {
        return authHeader;
    }

    public void setAuthHeader(String authHeader) {
        this.authHeader = authHeader;
    }

    /** Always empty when shown: the stored secret never comes back. */
    public String getSecret() {
        return null;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getInputFields() {
        return inputFields;
    }

    public void setInputFields(String inputFields) {
        this.inputFields = inputFields;
    }
}
