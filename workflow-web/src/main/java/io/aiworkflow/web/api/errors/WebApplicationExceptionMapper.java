package io.aiworkflow.web.api.errors;

import io.aiworkflow.domain.shared.ErrorCode;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own errors (unknown path, wrong method, media types, bad parameters) in our shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return ErrorBody.response(ErrorCode.NOT_FOUND, "no such resource", null);
        }
        if (e instanceof NotAllowedException) {
            return ErrorBody.response(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed here", null);
        }
        if (e instanceof NotSupportedException) {
            return ErrorBody.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", null);
        }
        if (e instanceof NotAcceptableException) {
            return ErrorBody.response(ErrorCode.NOT_ACCEPTABLE, "this resource answers application/json", null);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse(); // not an error: a resource's own answer (e.g. 204 to an EventSource)
        }
        if (status >= 500) {
            return ErrorBody.response(ErrorCode.INTERNAL_ERROR, "internal error", null);
        }
        return ErrorBody.response(ErrorCode.VALIDATION_ERROR, "bad request: " + e.getMessage(), null);
    }
}
