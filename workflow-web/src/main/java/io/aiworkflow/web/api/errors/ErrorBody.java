package io.aiworkflow.web.api.errors;

import io.aiworkflow.domain.shared.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** The API's error format: {@code {"code","message","details"?}} with the code's HTTP status. */
public record ErrorBody(String code, String message, Map<String, Object> details) {

    public static Response response(ErrorCode code, String message, Map<String, Object> details) {
        return Response.status(code.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code.name(), message, details == null || details.isEmpty() ? null : details))
                .build();
    }
}
