package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns whatever a node threw into a NodeFailure with a public code. */
final class Failures {

    private Failures() {
    }

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
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new NodeFailure(NodeErrors.NODE_ERROR, message, t);
    }
}
