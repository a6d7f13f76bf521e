package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.replay.ReplayService.ReplayRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * A replay or retry request body: {@code {fromNodeKey, inputs?, parameters?, version?, streamModes?}}
 * ({@code version}: {@code "original"}, {@code "published"} or a number; a retry has no
 * {@code fromNodeKey} and no {@code inputs}). An empty body is allowed for a retry.
 */
public final class ReplayBody {

    private ReplayBody() {}

    static ReplayRequest of(JsonObject body, List<String> queryModes, boolean retry) {
        String from = retry ? null : JsonFields.string(body, "fromNodeKey", true, 200);
        JsonObject inputs = retry ? null : JsonFields.object(body, "inputs");
        return new ReplayRequest(
                from,
                inputs,
                JsonFields.object(body, "parameters"),
                version(body.get("version")),
                trace(body.get("streamModes"), queryModes));
    }

    /** A version as requests give it: "original" (also when absent), "published" or a number. */
    public static String version(JsonValue value) {
        if (JsonFields.isAbsent(value)) {
            return "original";
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.intValue() > 0) {
            return String.valueOf(n.intValue());
        }
        if (value instanceof JsonString s
                && (s.getString().equals("original") || s.getString().equals("published"))) {
            return s.getString();
        }
        throw WorkflowException.validation("version", "must be \"original\", \"published\" or a version number");
    }

    private static boolean trace(JsonValue bodyModes, List<String> queryModes) {
        String modes = (bodyModes instanceof JsonString s ? s.getString() : Jsons.text(bodyModes)) + ","
                + (queryModes == null ? "" : String.join(",", queryModes));
        return modes.toLowerCase(Locale.ROOT).contains(ExecuteRequest.TRACE);
    }
}
