package io.aiworkflow.engine.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowFinished;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stream learns when it joins a live run: whether more is coming is decided under the run's lock. */
class LiveRunTest {

    @Test
    void aSubscriberThatJoinsBeforeTheEndIsKeptForItAndOneThatJoinsAfterIsNot() {
        LiveRun run = new LiveRun("run-1");
        List<LiveRun.Item> early = new ArrayList<>();
        assertTrue(run.subscribe(0, early::add), "the run goes on: the subscriber is kept");

        run.accept(
                new WorkflowFinished(1, "run-1", Instant.now(), Jsons.object().build(), 5, TokenUsage.NONE));
        assertEquals(1, early.size());
        assertTrue(early.get(0).terminal(), "the end reaches the subscriber that joined before it");

        List<LiveRun.Item> late = new ArrayList<>();
        assertFalse(run.subscribe(0, late::add), "the run had finished: nothing more will come");
        assertEquals(early, late, "a late subscriber is given every item, the end included");
    }
}
