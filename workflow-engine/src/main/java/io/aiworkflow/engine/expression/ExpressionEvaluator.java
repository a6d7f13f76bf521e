package io.aiworkflow.engine.expression;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JakartaJsonProvider;
import io.aiworkflow.domain.definition.ExpressionType;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.References;
import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonValue;

import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Evaluates a field design over a scope. Stateless and thread-safe. Paths that lead nowhere give
 * JSON null (or an empty string inside a template): references are checked at publish time.
 */
public final class ExpressionEvaluator {

    private static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JakartaJsonProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    public JsonValue evaluate(FieldDesign field, Scope scope) {
        ExpressionType type = field.expression();
        if (type == null) {
            throw new ExpressionException(
                    "field '" + field.fieldName() + "' has unknown expressionType '" + field.expressionType() + "'");
        }
        try {
            return switch (type) {
                case Fixed -> field.value();
                case Variable -> VariablePath.parse(field.text()).resolve(scope);
                case JsonPath -> jsonPath(field.text(), scope);
                case StringInterpolation -> Jsons.string(interpolate(field.text(), scope));
            };
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("field '" + field.fieldName() + "': " + e.getMessage());
        }
    }

    public JsonValue jsonPath(String path, Scope scope) {
        if (WorkflowValidator.hasRegexFilter(path)) {
            // also refused at publish; a design stored before that rule still must not run it
            throw new IllegalArgumentException("JSONPath regular-expression filters (=~) are not allowed");
        }
        try {
            Object result = JsonPath.using(JSONPATH).parse(scope.toJson()).read(path.trim());
            return Jsons.toJson(result);
        } catch (PathNotFoundException e) {
            return JsonValue.NULL;
        } catch (com.jayway.jsonpath.InvalidPathException e) {
            throw new IllegalArgumentException("invalid JSONPath '" + path + "': " + e.getMessage());
        }
    }

    /** Fills each {@code {{path}}} hole with the value of that Variable path in the scope. */
    public String interpolate(String template, Scope scope) {
        return render(template, path -> VariablePath.parse(path).resolve(scope));
    }

    /** Fills each {@code {{path}}} hole using a resolver; null and missing render as "", objects as JSON. */
    public static String render(String template, Function<String, JsonValue> resolver) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        Matcher m = References.HOLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Jsons.text(resolver.apply(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
