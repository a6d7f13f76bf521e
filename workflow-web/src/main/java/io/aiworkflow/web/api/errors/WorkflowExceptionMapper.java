package io.aiworkflow.web.api.errors;

import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.ejb.EJBException;
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

    /** EJBs wrap runtime exceptions they did not declare; this finds ours inside. */
    static WorkflowException unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WorkflowException w) {
                return w;
            }
            if (!(c instanceof EJBException) && c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
