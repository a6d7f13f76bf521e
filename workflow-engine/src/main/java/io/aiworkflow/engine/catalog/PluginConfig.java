package io.aiworkflow.engine.catalog;

import java.util.List;
import java.util.Map;

/**
 * An HTTP plugin from the registry. Templates use {@code {{field}}} holes over the node's inputs.
 * {@code authSecret} is already decrypted: it is sent as the {@code authHeaderName} header and never
 * appears in inputs, outputs or traces.
 */
public record PluginConfig(
        long id,
        String name,
        String method,
        String urlTemplate,
        Map<String, String> headers,
        String bodyTemplate,
        String authHeaderName,
        String authSecret,
        List<PluginInputField> inputFields) {

    public PluginConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        inputFields = inputFields == null ? List.of() : List.copyOf(inputFields);
    }

    @Override
    public String toString() {
        // records print every component; keep the secret out of logs
        return "PluginConfig[id=" + id + ", name=" + name + ", method=" + method + ", url=" + urlTemplate + "]";
    }
}
