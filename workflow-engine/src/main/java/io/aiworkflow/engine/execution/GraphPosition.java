package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.event.NodeRef;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where an agenda's graph sits in the run, which shapes the NodeRefs of its nodes: invoke ids are
 * {@code prefix + nodeKey}; {@code entryParent} is the parentInvokeId of its entry nodes;
 * {@code scope} names this very agenda (see {@link NodeRef#scope()}): one
 * segment per enclosing node, {@code <key>#<attempt>[<iteration>]/} for a loop iteration and
 * {@code <key>#<attempt>/} for a sub-workflow, the key URL-encoded so that no key can forge another's.
 */
record GraphPosition(
        String prefix,
        String entryParent,
        String loopNodeId,
        Integer loopIndex,
        String parentNodeId,
        int depth,
        String scope) {

    static GraphPosition top() {
        return new GraphPosition("", null, null, null, null, 0, "");
    }

    String invokeId(String nodeKey) {
        return prefix + nodeKey;
    }

    /** One iteration of the loop node {@code loopNodeKey} of this scope, run by its attempt {@code attempt}. */
    GraphPosition loopIteration(String loopNodeKey, int attempt, int index1Based, String entryParent) {
        String loopInvokeId = invokeId(loopNodeKey);
        return new GraphPosition(
                loopInvokeId + ".",
                entryParent,
                loopInvokeId,
                index1Based,
                parentNodeId,
                depth,
                scope + segment(loopNodeKey, attempt) + "[" + index1Based + "]/");
    }

    /** The sub-workflow run by attempt {@code attempt} of the node {@code subNodeKey} of this scope. */
    GraphPosition subWorkflow(String subNodeKey, int attempt) {
        String subNodeInvokeId = invokeId(subNodeKey);
        return new GraphPosition(
                subNodeInvokeId + ".",
                subNodeInvokeId,
                null,
                null,
                subNodeInvokeId,
                depth + 1,
                scope + segment(subNodeKey, attempt) + "/");
    }

    private static String segment(String nodeKey, int attempt) {
        return URLEncoder.encode(nodeKey, StandardCharsets.UTF_8) + "#" + attempt;
    }
}
