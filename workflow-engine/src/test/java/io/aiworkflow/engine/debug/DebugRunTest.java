package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's debug state is folded before anyone watches it, so a late watcher starts from the truth;
 * its messages are what NexusAI's run panel reads (codes, one id per node execution, the End node's
 * data on the last message).
 */
class DebugRunTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final JsonObject NO_DATA = Jsons.object().build();
    static final Map<String, Integer> LEVELS = Map.of("start", 0, "chat", 1, "review", 2, "end", 3);

    private static DebugRun run(String id, int completedSteps, ZoneId zone) {
        return new DebugRun(id, "app-1", 2, RunOrigin.APP, T0, completedSteps, zone);
    }

    @Test
    void aRunFoldedUnwatchedGivesNoMessagesButATrueSnapshotOnceWatched() {
        DebugRun run = run("run-1", 0, ZoneOffset.UTC);
        assertEquals(List.of(), run.accept(finished(1, NodeRef.top("start", "Start", "Start", null), TokenUsage.NONE)));
        NodeRef chat = NodeRef.top("chat", "Chat", "AiChat", "start");
        run.accept(new NodeStarted(2, "run-1", T0.plusSeconds(1), chat, NO_DATA));
        run.accept(finished(3, chat, TokenUsage.chat(100, 20)));
        // a loop body's node run is not a step of the graph, but its tokens count
        run.accept(finished(
                4,
                new NodeRef("a", "A", "DataProcess", "loop.a", "chat", "loop", 1, null, "loop#1[1]/"),
                TokenUsage.chat(1, 1)));
        NodeRef review = NodeRef.top("review", "Review", "DataProcess", "chat");
        run.accept(new WaitingChanged(
                5, "run-1", T0.plusSeconds(3), List.of(new WaitingChanged.WaitingNode(review, T0.plusSeconds(3)))));
        assertEquals(
                List.of(), run.accept(new WaitingForHuman(6, "run-1", T0.plusSeconds(3), review, NO_DATA, null, 0)));

        run.describe("Support bot", 5, LEVELS);
        JsonObject snapshot = run.snapshot(T0.plusSeconds(4)).getJsonObject("data");
        assertEquals(2, snapshot.getInt("completed_steps"));
        assertEquals(5, snapshot.getInt("total_steps"));
        assertEquals(1, snapshot.getInt("status"), "running");
        assertEquals(2, snapshot.getInt("type"), "started in the console: an app run, 2");
        assertEquals(1, snapshot.getInt("need_human_confirm"));
        assertEquals(101, snapshot.getInt("prompt_tokens"));
        assertEquals(122, snapshot.getInt("total_tokens"));
        assertEquals(4.0, snapshot.getJsonNumber("elapsed_time").doubleValue());
        assertEquals("2026-11-30 10:00:00", snapshot.getString("created_time"));

        run.accept(new WaitingChanged(7, "run-1", T0.plusSeconds(5), List.of()));
        List<JsonObject> started = run.accept(new NodeStarted(8, "run-1", T0.plusSeconds(5), review, NO_DATA));
        JsonObject running = started.get(0).getJsonObject("data");
        assertEquals(0, running.getInt("need_human_confirm"), "answered: no longer waits");
        assertEquals(2, running.getJsonObject("node_exec_data").getInt("status"), "a node runs: 2");
        List<JsonObject> done = run.accept(finished(9, review, TokenUsage.NONE));
        JsonObject reviewed = done.get(0).getJsonObject("data").getJsonObject("node_exec_data");
        assertEquals(3, reviewed.getInt("status"), "a node succeeded: 3");
        assertEquals(
                running.getJsonObject("node_exec_data").getInt("node_exec_id"),
                reviewed.getInt("node_exec_id"),
                "one id per node execution: its final message replaces its running one");
        assertEquals("60%", done.get(1).getJsonObject("data").getString("completed_progress"));

        NodeRef end = NodeRef.top("end", "End", "End", "review");
        assertEquals(
                List.of(),
                run.accept(new NodeStarted(10, "run-1", T0.plusSeconds(6), end, NO_DATA)),
                "no running message for Start and End");
        assertEquals(
                List.of(),
                run.accept(new NodeFinished(
                        11,
                        "run-1",
                        T0.plusSeconds(6),
                        end,
                        NO_DATA,
                        Jsons.object().add("answer", "42").build(),
                        T0.plusSeconds(6),
                        1,
                        TokenUsage.NONE,
                        null,
                        1)),
                "the End node is told with the run's end");
        List<JsonObject> last = run.accept(
                new WorkflowFinished(12, "run-1", T0.plusSeconds(6), NO_DATA, 6000, TokenUsage.chat(101, 21)));
        JsonObject data = last.get(0).getJsonObject("data");
        assertEquals(2, data.getInt("status"), "a run succeeded: 2, the only code that ends NexusAI's run panel");
        assertEquals(JsonValue.NULL, data.get("error"));
        assertEquals(5, data.getInt("completed_steps"), "a finished run has taken all its steps (skipped too)");
        assertEquals(3, data.getInt("level"), "the End node's level in the graph");
        JsonObject result = data.getJsonObject("node_exec_data");
        assertEquals("end", result.getString("node_type"));
        assertEquals(Jsons.object().add("answer", "42").build(), result.getJsonObject("outputs"));
        assertEquals("review->end", result.getString("edge_id"));
        assertEquals("100%", last.get(1).getJsonObject("data").getString("completed_progress"));
        assertTrue(data.getString("finished_time").startsWith("2026-11-30 10:00:06"), data.toString());
    }

    @Test
    void failuresAreTextSkippedNodesAreSilentAndLoopNodesNestUnderTheirLoop() {
        DebugRun run = run("run-3", 0, ZoneId.of("Asia/Shanghai"));
        run.describe("Batch", 4, Map.of("start", 0, "loop", 1, "else", 1, "end", 2));
        NodeRef loop = NodeRef.top("loop", "Loop", "ForEach", "start");
        List<JsonObject> loopStarted = run.accept(new NodeStarted(2, "run-3", T0, loop, NO_DATA));
        JsonObject loopData = loopStarted.get(0).getJsonObject("data").getJsonObject("node_exec_data");
        assertEquals("recursive_task_execution", loopData.getString("node_type"));
        assertEquals(
                "2026-11-30 18:00:00",
                loopStarted.get(0).getJsonObject("data").getString("created_time"),
                "times in the server's zone, without an offset");

        NodeRef inner = new NodeRef("call", "Call", "Plugin", "loop.call", "loop", "loop", 1, "loop", "loop#1[1]/");
        run.accept(new NodeStarted(3, "run-3", T0, inner, NO_DATA));
        List<JsonObject> failed = run.accept(new NodeFailed(
                4, "run-3", T0.plusSeconds(1), inner, NO_DATA, "UPSTREAM_DOWN", "HTTP 503", T0, 1000, false, 1));
        JsonObject failure = failed.get(0).getJsonObject("data").getJsonObject("node_exec_data");
        assertEquals(4, failure.getInt("status"), "a node failed: 4");
        assertEquals("UPSTREAM_DOWN: HTTP 503", failure.getString("error"), "an error is one line of text");
        assertEquals("http_request", failure.getString("node_type"));
        assertEquals(loopData.getInt("node_exec_id"), failure.getInt("parent_exec_id"), "nested under its loop");

        assertEquals(
                List.of(),
                run.accept(new NodeSkipped(
                        5, "run-3", T0.plusSeconds(1), NodeRef.top("else", "Else", "DataProcess", "start"))),
                "a skipped node sends nothing");
        List<JsonObject> end = run.accept(new WorkflowFailed(
                6, "run-3", T0.plusSeconds(2), "NODE_FAILED", "node 'call' failed", 2000, TokenUsage.NONE));
        JsonObject data = end.get(0).getJsonObject("data");
        assertEquals(3, data.getInt("status"), "a run failed: 3");
        assertEquals("NODE_FAILED: node 'call' failed", data.getString("error"));
        assertEquals(1, data.getInt("completed_steps"), "the skipped node is a step the run is past");
        assertEquals(0, data.getInt("actual_completed_steps"), "but not one that ran");
    }

    @Test
    void aResumedRunCountsTheStepsTakenBeforeItsServerStoppedButNeverMoreThanTheGraphHas() {
        DebugRun run = run("run-2", 2, ZoneOffset.UTC);
        run.describe("Approvals", 3, Map.of());
        List<JsonObject> reviewed =
                run.accept(finished(9, NodeRef.top("review", "Review", "DataProcess", "draft"), TokenUsage.NONE));
        assertEquals(3, reviewed.get(0).getJsonObject("data").getInt("completed_steps"));
        run.accept(finished(10, NodeRef.top("extra", "Extra", "DataProcess", "review"), TokenUsage.NONE));
        assertEquals(3, run.snapshot(T0).getJsonObject("data").getInt("completed_steps"));
    }

    private static NodeFinished finished(long seq, NodeRef node, TokenUsage usage) {
        Instant at = T0.plusSeconds(seq);
        return new NodeFinished(seq, "run-1", at, node, NO_DATA, NO_DATA, at, 10, usage, null, 1);
    }
}
