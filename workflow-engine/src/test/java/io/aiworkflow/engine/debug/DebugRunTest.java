package io.aiworkflow.engine.debug;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFinished;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's debug state is folded before anyone watches it, so a late watcher starts from the truth. */
class DebugRunTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final JsonObject NO_DATA = Jsons.object().build();

    @Test
    void aRunFoldedUnwatchedGivesNoMessagesButATrueSnapshotOnceWatched() {
        DebugRun run = new DebugRun("run-1", "app-1", 2, T0, 0);
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
        assertEquals(
                List.of(),
                run.accept(new WaitingChanged(
                        5,
                        "run-1",
                        T0.plusSeconds(3),
                        List.of(new WaitingChanged.WaitingNode(review, T0.plusSeconds(3))))));
        assertEquals(
                List.of(), run.accept(new WaitingForHuman(6, "run-1", T0.plusSeconds(3), review, NO_DATA, null, 0)));

        run.describe("Support bot", 5);
        JsonObject snapshot = run.snapshot(T0.plusSeconds(4)).getJsonObject("data");
        assertEquals(2, snapshot.getInt("completed_steps"));
        assertEquals(5, snapshot.getInt("total_steps"));
        assertEquals(1, snapshot.getInt("need_human_confirm"));
        assertEquals(101, snapshot.getInt("prompt_tokens"));
        assertEquals(122, snapshot.getInt("total_tokens"));
        assertEquals(4.0, snapshot.getJsonNumber("elapsed_time").doubleValue());

        run.accept(new WaitingChanged(7, "run-1", T0.plusSeconds(5), List.of()));
        List<JsonObject> started = run.accept(new NodeStarted(8, "run-1", T0.plusSeconds(5), review, NO_DATA));
        assertEquals(1, started.size());
        assertEquals(0, started.get(0).getJsonObject("data").getInt("need_human_confirm"), "answered: no longer waits");
        List<JsonObject> done = run.accept(finished(9, review, TokenUsage.NONE));
        assertEquals("60%", done.get(1).getJsonObject("data").getString("completed_progress"));
        List<JsonObject> end = run.accept(
                new WorkflowFinished(10, "run-1", T0.plusSeconds(6), NO_DATA, 6000, TokenUsage.chat(101, 21)));
        JsonObject last = end.get(0).getJsonObject("data");
        assertEquals(3, last.getInt("status"));
        assertEquals(
                5, last.getInt("completed_steps"), "a finished run has taken all its steps (skipped branches too)");
        assertEquals("100%", end.get(1).getJsonObject("data").getString("completed_progress"));
        assertTrue(last.getString("finished_time").startsWith("2026-11-30 10:00:06"), last.toString());
    }

    @Test
    void aResumedRunCountsTheStepsTakenBeforeItsServerStoppedButNeverMoreThanTheGraphHas() {
        DebugRun run = new DebugRun("run-2", "app-1", 1, T0, 2);
        run.describe("Approvals", 3);
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
