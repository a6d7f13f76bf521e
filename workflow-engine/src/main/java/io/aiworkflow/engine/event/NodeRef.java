package io.aiworkflow.engine.event;

/**
 * Which node run an event is about. {@code invokeId} is the run's path (as in trace frames): the node key at
 * top level, {@code <loop>.<node>} inside a ForEach body and {@code <subNode>.<node>} inside a sub-workflow.
 * {@code scope} names the graph scope the run sits in, unlike the invoke id uniquely, iteration and
 * attempt of the enclosing node included: {@code ""} at top level, {@code loop#1[2]/} in the second
 * iteration of ForEach {@code loop} (its first attempt), {@code sub#1/} inside the sub-workflow of node
 * {@code sub}, nested ones joined ({@code loop#1[2]/sub#1/}); keys are URL-encoded.
 */
public record NodeRef(
        String nodeKey,
        String nodeName,
        String nodeType,
        String invokeId,
        String parentInvokeId,
        String loopNodeId,
        Integer loopIndex,
        String parentNodeId,
        String scope) {

    public static NodeRef top(String nodeKey, String nodeName, String nodeType, String parentInvokeId) {
        return new NodeRef(nodeKey, nodeName, nodeType, nodeKey, parentInvokeId, null, null, null, "");
    }
}
