package io.aiworkflow.engine.node.plugin;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.expression.ExpressionEvaluator;
import io.aiworkflow.engine.expression.VariablePath;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Fills a plugin's {@code {{field}}} templates from the node's inputs, escaping for where the text
 * goes: URL-encoded in URLs, JSON-escaped in JSON bodies, without line breaks in headers.
 */
final class PluginRequestTemplate {

    private PluginRequestTemplate() {}

    static String url(String template, JsonObject inputs) {
        return ExpressionEvaluator.render(
                template,
                path -> Jsons.string(URLEncoder.encode(Jsons.text(value(path, inputs)), StandardCharsets.UTF_8)
                        .replace("+", "%20")));
    }

    static String header(String template, JsonObject inputs) {
        return ExpressionEvaluator.render(
                template, path -> Jsons.string(Jsons.text(value(path, inputs)).replaceAll("[\\r\\n]", " ")));
    }

    /**
     * In a JSON body a string hole sits inside quotes the template wrote, so only its content is
     * escaped; other values are written as JSON.
     */
    static String body(String template, JsonObject inputs, boolean json) {
        if (!json) {
            return ExpressionEvaluator.render(template, path -> value(path, inputs));
        }
        return ExpressionEvaluator.render(template, path -> {
            JsonValue value = value(path, inputs);
            if (value instanceof JsonString s) {
                String quoted = Jsons.string(s.getString()).toString();
                return Jsons.string(quoted.substring(1, quoted.length() - 1));
            }
            return Jsons.string(Jsons.isNull(value) ? "null" : value.toString());
        });
    }

    private static JsonValue value(String path, JsonObject inputs) {
        return VariablePath.parse(path).resolveIn(inputs);
    }
}
