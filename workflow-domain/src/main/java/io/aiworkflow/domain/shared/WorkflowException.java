package io.aiworkflow.domain.shared;

import jakarta.ejb.ApplicationException;

import java.util.Map;

/**
 * A failure the caller can act on: it carries the public error code, a message and optional
 * details, and is rendered as {@code {"code","message","details"}} by the web layer. For EJBs it is
 * an application exception: it reaches the caller as itself (not wrapped, not logged as a system
 * failure) and rolls the transaction back, so a refused request leaves nothing half-written.
 */
@ApplicationException(rollback = true, inherited = true)
public class WorkflowException extends RuntimeException {

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public WorkflowException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public WorkflowException(ErrorCode code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** The WorkflowException in {@code t}'s chain of causes (EJBs wrap what they did not declare), or null. */
    public static WorkflowException foundIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof WorkflowException w) {
                return w;
            }
        }
        return null;
    }

    public static WorkflowException validation(String message) {
        return new WorkflowException(ErrorCode.VALIDATION_ERROR, message);
    }

    public static WorkflowException validation(String field, String problem) {
        return new WorkflowException(ErrorCode.VALIDATION_ERROR, field + ": " + problem, Map.of("field", field));
    }
}
