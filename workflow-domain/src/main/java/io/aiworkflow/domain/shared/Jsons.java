package io.aiworkflow.domain.shared;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.util.Map;

/**
 * JSON-P through one cached provider: {@code Json.createX} looks the provider up with a
 * ServiceLoader on every call, which costs more than the work itself on hot paths.
 */
public final class Jsons {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }

    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject copyOf) {
        return PROVIDER.createObjectBuilder(copyOf);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    /** Parses any JSON text; malformed text is an {@link ErrorCode#INVALID_JSON} error. */
    public static JsonValue parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WorkflowException(ErrorCode.INVALID_JSON, "the request body is empty; a JSON document is required");
        }
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonParsingException("unexpected content after the JSON value", parser.getLocation());
            }
            return value;
        } catch (JsonParsingException e) {
            throw new WorkflowException(ErrorCode.INVALID_JSON, "malformed JSON: " + e.getMessage(),
                    Map.of("line", e.getLocation().getLineNumber(), "column", e.getLocation().getColumnNumber()));
        } catch (JsonException e) {
            throw new WorkflowException(ErrorCode.INVALID_JSON, "malformed JSON: " + e.getMessage());
        }
    }

    /** Parses text that must be a JSON object. */
    public static JsonObject parseObject(String text) {
        JsonValue value = parse(text);
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new WorkflowException(ErrorCode.VALIDATION_ERROR, "the request body must be a JSON object");
    }

    /** Stored JSON text (written by us) back to a value; null stays null. */
    public static JsonValue parseStored(String text) {
        return text == null ? JsonValue.NULL : parse(text);
    }
}
