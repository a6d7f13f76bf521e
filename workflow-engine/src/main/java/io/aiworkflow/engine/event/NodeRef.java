package io.aiworkflow.engine.event;

/**
 * Which node run an event is about. {@code invokeId} is the run's path (seed 002): the node key at
 * top level, {@code <loop>.<node>} inside a ForEach body and {@code <subNode>.<node>} inside a sub-workflow.
 */
public record NodeRef(String nodeKey, String nodeName, String nodeType, String invokeId,
                      String parentInvokeId, String loopNodeId, Integer loopIndex, String parentNodeId) {

    public static NodeRef top(String nodeKey, String nodeName, String nodeType, String parentInvokeId) {
        return new NodeRef(nodeKey, nodeName, nodeType, nodeKey, parentInvokeId, null, null, null);
    }
}
