package io.aiworkflow.engine.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowFinished;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How long this server holds a run's events in memory: while it runs, and after its end until its history is in. */
class LiveRunsTest {

    private final LiveRuns live = new LiveRuns();

    @Test
    void aFinishedRunIsHeldUntilItsHistoryIsCommittedThenReplayedFromThere() {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        live.register("run-1").recordedBy(recorded);

        live.onEvent(new NodeSkipped(1, "run-1", Instant.now(), NodeRef.top("a", "a", "Code", null)));
        live.onEvent(finished("run-1"));
        assertTrue(live.find("run-1").isPresent(), "a client joining now gets the events from memory");

        recorded.complete(null);
        assertFalse(live.find("run-1").isPresent(), "its history has them all now: memory lets go");
    }

    @Test
    void aRunWhoseHistoryIsInBeforeItsEndReachesThisProjectionLetsGoAtItsEnd() {
        live.register("run-2").recordedBy(CompletableFuture.completedFuture(null));
        assertTrue(live.find("run-2").isPresent(), "running: held whatever the history writer has done");

        live.onEvent(finished("run-2"));
        assertFalse(live.find("run-2").isPresent());
    }

    private static WorkflowFinished finished(String id) {
        return new WorkflowFinished(9, id, Instant.now(), Jsons.object().build(), 5, TokenUsage.NONE);
    }
}
