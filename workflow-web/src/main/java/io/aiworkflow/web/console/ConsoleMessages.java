package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns outcomes and service failures into Faces messages; users never see a stack trace. */
final class ConsoleMessages {

    private static final Logger LOG = Logger.getLogger(ConsoleMessages.class.getName());

    private ConsoleMessages() {}

    static void info(String summary) {
        add(FacesMessage.SEVERITY_INFO, summary, null);
    }

    static void error(String summary) {
        add(FacesMessage.SEVERITY_ERROR, summary, null);
    }

    /** Shows a service failure; also marks the request failed so dialogs stay open. */
    static void failure(Throwable t) {
        WorkflowException known = WorkflowException.foundIn(t);
        if (known != null) {
            add(
                    FacesMessage.SEVERITY_ERROR,
                    known.getMessage() + " (" + known.code().name() + ")",
                    null);
        } else {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "console error " + reference, t);
            add(FacesMessage.SEVERITY_ERROR, "Unexpected error, reference " + reference, null);
        }
        FacesContext.getCurrentInstance().validationFailed();
    }

    /** What {@code read} answers, or {@code fallback} with the failure shown (a page still renders). */
    static <V> V readOr(Supplier<V> read, V fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            failure(e);
            return fallback;
        }
    }

    private static void add(FacesMessage.Severity severity, String summary, String detail) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, detail));
    }
}
