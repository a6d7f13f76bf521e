package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Node trace data from stored frames, whatever the app's trace level kept of them. */
class NodeTraceDataTest {

    /** A node's frame; a finish or error frame has an end time. */
    private static String frame(String invokeId, String status, String onInvokeData) {
        boolean ended = status.equals("finish") || status.equals("error");
        return frame(invokeId, status, onInvokeData, ended);
    }

    private static String frame(String invokeId, String status, String onInvokeData, boolean ended) {
        return "{\"type\":\"tracer_workflow\",\"payload\":{\"invokeId\":\"" + invokeId + "\",\"componentId\":\""
                + invokeId + "\",\"status\":\"" + status + "\",\"endTime\":"
                + (ended ? "\"2026-12-03T08:00:00.000Z\"" : "null")
                + (onInvokeData == null ? "" : ",\"onInvokeData\":" + onInvokeData) + "}}";
    }

    @Test
    void eachExecutionGetsTheDataOfItsClosingFrame() {
        NodeTraceData data = NodeTraceData.of(Jsons.parseObject("{\"instanceId\":\"r\",\"frames\":["
                + frame("js", "start", "[]") + "," + frame("js", "running", "[{\"logs\":[\"a\"]}]") + ","
                + frame("js", "finish", "[{\"logs\":[\"a\"]}]") + ","
                + frame("loop.b", "finish", "[1]") + "," + frame("loop.b", "error", "[2]") + ","
                + frame("quiet", "finish", "[]") + ",{\"type\":\"workflow_final\",\"index\":0,\"payload\":{}}]}"));

        assertEquals(Jsons.parse("[{\"logs\":[\"a\"]}]"), data.next("js"));
        assertNull(data.next("js"), "one execution, one closing frame");
        assertEquals(Jsons.parse("[1]"), data.next("loop.b"), "loop iterations share an invoke id: in order");
        assertEquals(Jsons.parse("[2]"), data.next("loop.b"));
        assertNull(data.next("quiet"), "no data reported");
        assertNull(data.next("unknown"));
    }

    @Test
    void aRetriedAttemptAndTheWorkflowsOwnFramesCloseNoNode() {
        String workflowFrame =
                "{\"type\":\"tracer_workflow\",\"payload\":{\"invokeId\":\"app\",\"status\":\"finish\"}}";
        NodeTraceData data = NodeTraceData.of(Jsons.parseObject("{\"instanceId\":\"r\",\"frames\":["
                + workflowFrame + "," + frame("loop.b", "error", "[\"retried\"]", false) + ","
                + frame("loop.b", "finish", "[1]") + "," + frame("loop.b", "finish", "[2]") + ","
                + "{\"type\":\"workflow_final\",\"index\":0,\"payload\":null}]}"));

        assertEquals(Jsons.parse("[1]"), data.next("loop.b"), "the retry's error frame is not an execution");
        assertEquals(Jsons.parse("[2]"), data.next("loop.b"));
        assertNull(data.next("app"));
    }

    @Test
    void payloadsThatATraceLevelDroppedOrCutAreNoError() {
        NodeTraceData data = NodeTraceData.of(Jsons.parseObject("{\"instanceId\":\"r\",\"frames\":["
                + frame("steps", "finish", "null") + "," + frame("missing", "finish", null) + ","
                + frame("cut", "finish", "{\"_truncated\":true,\"size\":20000}") + "]}"));

        assertNull(data.next("steps"), "trace level steps keeps no payloads");
        assertNull(data.next("missing"));
        assertEquals(
                Jsons.parse("[{\"_truncated\":true,\"size\":20000}]"),
                data.next("cut"),
                "a truncation marker is shown as it is");
    }
}
