package io.aiworkflow.web.api.errors;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else: our own failures wrapped by the EJB container are unwrapped; the rest is logged
 * with a reference the client gets instead of a stack trace.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable t) {
        WorkflowException known = WorkflowException.foundIn(t);
        if (known != null) {
            return ErrorBody.response(known.code(), known.getMessage(), known.details());
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "internal error " + reference, t);
        return ErrorBody.response(ErrorCode.INTERNAL_ERROR, "internal error, reference " + reference, null);
    }
}
