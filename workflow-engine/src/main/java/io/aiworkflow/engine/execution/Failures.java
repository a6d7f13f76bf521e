package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;

import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns whatever a node threw into a NodeFailure with a public code. */
final class Failures {

    private Failures() {}

    static NodeFailure of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NodeFailure f) {
            return f;
        }
        if (t instanceof WorkflowException w) {
            return new NodeFailure(w.code().name(), w.getMessage(), w);
        }
        if (t instanceof InterruptedException || t instanceof CancellationException) {
            return new NodeFailure(NodeErrors.CANCELED, "the node run was interrupted", t);
        }
        // an unexpected exception's text may carry anything (a header value, internals): it stays in the log
        String reference = UUID.randomUUID().toString();
        Logger.getLogger(Failures.class.getName())
                .log(Level.WARNING, "a node failed unexpectedly (reference " + reference + ")", t);
        return new NodeFailure(
                NodeErrors.NODE_ERROR,
                "the node failed unexpectedly (" + t.getClass().getSimpleName() + "); see the server log, reference "
                        + reference,
                t);
    }
}
