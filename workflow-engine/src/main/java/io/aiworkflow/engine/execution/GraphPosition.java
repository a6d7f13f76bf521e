package io.aiworkflow.engine.execution;

/**
 * Where an agenda's graph sits in the run, which shapes the NodeRefs of its nodes: invoke ids are
 * {@code prefix + nodeKey}; {@code entryParent} is the parentInvokeId of its entry nodes.
 */
record GraphPosition(String prefix, String entryParent, String loopNodeId, Integer loopIndex,
                     String parentNodeId, int depth) {

    static GraphPosition top() {
        return new GraphPosition("", null, null, null, null, 0);
    }

    String invokeId(String nodeKey) {
        return prefix + nodeKey;
    }

    /** One iteration of a loop whose node has this invoke id. */
    GraphPosition loopIteration(String loopInvokeId, int index1Based, String entryParent) {
        return new GraphPosition(loopInvokeId + ".", entryParent, loopInvokeId, index1Based, parentNodeId, depth);
    }

    /** A sub-workflow run by the node with this invoke id. */
    GraphPosition subWorkflow(String subNodeInvokeId) {
        return new GraphPosition(subNodeInvokeId + ".", subNodeInvokeId, null, null, subNodeInvokeId, depth + 1);
    }
}
