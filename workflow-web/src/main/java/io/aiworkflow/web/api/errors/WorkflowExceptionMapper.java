package io.aiworkflow.web.api.errors;

import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A failure the caller can act on, thrown anywhere below, becomes its public error. */
@Provider
public class WorkflowExceptionMapper implements ExceptionMapper<WorkflowException> {

    @Override
    public Response toResponse(WorkflowException e) {
        return ErrorBody.response(e.code(), e.getMessage(), e.details());
    }
}
