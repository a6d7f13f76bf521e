package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.definition.WorkflowValidator;

/**
 * Which outgoing connections a finished node takes. A Condition takes only the connection labelled
 * with its branch; a success never takes {@code error} connections; a failure handled with
 * {@code onError: branch} takes only those.
 */
final class Routes {

    private Routes() {}

    static boolean takenOnSuccess(NodeType type, String branch, Connection c) {
        if (c.hasLabel(WorkflowValidator.ERROR)) {
            return false;
        }
        if (type == NodeType.Condition) {
            return branch != null && c.hasLabel(branch);
        }
        return true;
    }

    static boolean takenOnErrorBranch(Connection c) {
        return c.hasLabel(WorkflowValidator.ERROR);
    }
}
