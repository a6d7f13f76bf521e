package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays NexusAI's web client (EDEAI/NexusAI) against the debug channel, reading only what it reads:
 * <ul>
 *   <li>{@code web/src/hooks/useSocket.ts}: one socket, {@code <WS_URL>?token=<token>}, every message
 *       JSON-parsed and kept ({@code web/src/store/websocket.ts}, {@code addFlowMessage});
 *   <li>{@code web/src/components/WorkFlow/components/RunPanel/components/hooks.ts}: the messages of
 *       type {@code workflow_run_debug} whose {@code data.app_run_id} is the run's; a later message
 *       with the same {@code node_exec_id} replaces the earlier one in place; the run has ended when
 *       one has {@code data.status === 2}, and the last entry is the result;
 *   <li>{@code TrackContent.tsx}: each entry's {@code node_type} names an icon of the
 *       {@code BlockEnum} in {@code web/src/components/WorkFlow/types.ts}; a node is done at
 *       {@code status} 3, failed at 4;
 *   <li>{@code DetailContent.tsx}: the result shows {@code node_exec_data.outputs} and {@code outputs_md}.
 * </ul>
 */
class NexusAiClientIT {

    /** {@code BlockEnum} of NexusAI's workflow editor: the node types it can draw. */
    private static final Set<String> BLOCK_ENUM = Set.of(
            "start",
            "end",
            "agent",
            "human",
            "retriever",
            "llm",
            "variable_aggregation",
            "template_conversion",
            "condition_branch",
            "requirement_category",
            "custom_code",
            "skill",
            "http_request",
            "recursive_task_execution",
            "recursive_task_generation",
            "tool");

    @Test
    void nexusAisRunPanelFollowsARunToItsResult() throws Exception {
        Api api = Api.admin();
        String app = WorkflowDesign.design()
                .start(param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node("shout", "DataProcess", template("text", "{{greet.text}}!"))
                .end(variable("answer", "shout.text"))
                .chain("start", "greet", "shout", "end")
                .then(d -> Workflows.publish(api, "nexus client", d));
        DebugChannelIT.Listener socket = new DebugChannelIT.Listener();
        WebSocket ws = DebugChannelIT.connect("ws", "token=" + TestPlatform.ADMIN_KEY, socket);
        // NexusAI's client opens its socket when the page loads, long before a run: the socket is
        // watching once a first run has reached it (the handshake's answer may come before that)
        boolean watching = false;
        for (int attempt = 0; attempt < 10 && !watching; attempt++) {
            watching = endedRunList(socket, start(api, app, "warm-up"), 2_000) != null;
        }
        assertTrue(watching, "the socket never saw a run: " + socket.messages);

        String runId = start(api, app, "Ada");

        List<JsonObject> runList = awaitEndedRunList(socket, runId);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        List<String> shown = runList.stream()
                .map(m -> m.getJsonObject("node_exec_data"))
                .map(n -> n.getString("node_id") + ":" + n.getString("node_type") + ":" + n.getInt("status"))
                .toList();
        assertEquals(
                List.of("start:start:3", "greet:template_conversion:3", "shout:template_conversion:3", "end:end:3"),
                shown,
                "each node once, its running entry replaced by its final one");
        runList.forEach(m -> assertTrue(
                BLOCK_ENUM.contains(m.getJsonObject("node_exec_data").getString("node_type")),
                "an icon the editor has: " + m));
        JsonObject result = runList.get(runList.size() - 1);
        assertEquals(2, result.getInt("status"));
        assertEquals(
                "hello Ada!",
                result.getJsonObject("node_exec_data").getJsonObject("outputs").getString("answer"));
        assertTrue(
                result.getJsonObject("node_exec_data").getString("outputs_md").contains("hello Ada!"));
        assertEquals(result.getInt("total_steps"), result.getInt("actual_completed_steps"));
    }

    private static String start(Api api, String app, String name) {
        return api.post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add("parameters", Json.createObjectBuilder().add("name", name))
                                .build())
                .json()
                .getString("instanceId");
    }

    /**
     * The run panel's list, built as NexusAI's {@code hooks.ts} builds it, once a message says the
     * run succeeded (20 s at most).
     */
    private static List<JsonObject> awaitEndedRunList(DebugChannelIT.Listener socket, String runId)
            throws InterruptedException {
        List<JsonObject> runList = endedRunList(socket, runId, 20_000);
        if (runList == null) {
            throw new AssertionError("the run panel never saw run " + runId + " end: " + socket.messages);
        }
        return runList;
    }

    /** As {@link #awaitEndedRunList}, within {@code waitMs}; null if the run was not seen to end. */
    private static List<JsonObject> endedRunList(DebugChannelIT.Listener socket, String runId, long waitMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMs;
        while (System.currentTimeMillis() < deadline) {
            List<JsonObject> runList = new ArrayList<>();
            for (JsonObject message : socket.messages) {
                JsonObject data = message.getJsonObject("data");
                if (!message.getString("type").equals("workflow_run_debug")
                        || !runId.equals(data.getString("app_run_id"))
                        || !data.containsKey("node_exec_data")) {
                    continue;
                }
                int id = data.getJsonObject("node_exec_data").getInt("node_exec_id");
                int seen = -1;
                for (int i = 0; i < runList.size(); i++) {
                    if (runList.get(i).getJsonObject("node_exec_data").getInt("node_exec_id") == id) {
                        seen = i;
                    }
                }
                if (seen >= 0) {
                    runList.set(seen, data);
                } else {
                    runList.add(data);
                }
            }
            if (runList.stream().anyMatch(d -> d.getInt("status") == 2)) {
                return runList;
            }
            Thread.sleep(20);
        }
        return null;
    }
}
