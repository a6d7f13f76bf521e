package io.aiworkflow.web.api.support;

import io.aiworkflow.domain.shared.WorkflowException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read the same way on every resource, with the same errors. */
public final class QueryParams {

    private QueryParams() {}

    /** An ISO-8601 instant ({@code 2026-12-01T00:00:00Z}); null when absent or blank. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw WorkflowException.validation(field, "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }
}
