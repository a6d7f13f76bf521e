package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.NodeDesign;

/** Where one node of an agenda stands, and how many of its incoming connections were resolved. */
final class NodeState {

    enum Status {
        PENDING,
        READY,
        RUNNING,
        DONE,
        SKIPPED
    }

    final NodeDesign node;
    final int incoming;
    Status status = Status.PENDING;
    int taken;
    int dead;
    /** invoke id of the predecessor whose taken connection arrived last: the node's parentInvokeId */
    String lastTakenFrom;

    NodeState(NodeDesign node, int incoming) {
        this.node = node;
        this.incoming = incoming;
    }

    boolean allResolved() {
        return taken + dead >= incoming;
    }
}
