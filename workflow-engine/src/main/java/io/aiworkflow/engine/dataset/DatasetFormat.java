package io.aiworkflow.engine.dataset;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;

import java.util.Locale;

/** How an uploaded dataset is written, by its media type. */
public enum DatasetFormat {
    CSV,
    JSON_LINES,
    JSON_ARRAY;

    public static DatasetFormat ofMediaType(String mediaType) {
        String type = mediaType == null
                ? ""
                : mediaType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "text/csv" -> CSV;
            case "application/x-ndjson", "application/jsonl", "application/json-lines" -> JSON_LINES;
            case "application/json" -> JSON_ARRAY;
            default ->
                throw new WorkflowException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "a dataset is text/csv (with a header row), application/x-ndjson or a JSON array"
                                + " (application/json), not '" + type + "'");
        };
    }
}
