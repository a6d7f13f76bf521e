package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

import java.io.StringWriter;
import java.util.Map;

/** Pretty JSON for the console's {@code <pre>} blocks: designs, node inputs and outputs. */
final class ConsoleJson {

    private ConsoleJson() {}

    /** Empty for a missing value, so pages can test {@code not empty} instead of printing "null". */
    static String pretty(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return "";
        }
        StringWriter out = new StringWriter();
        try (JsonWriter writer = Jsons.provider()
                .createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(out)) {
            writer.write(value);
        }
        return out.toString().trim();
    }
}
