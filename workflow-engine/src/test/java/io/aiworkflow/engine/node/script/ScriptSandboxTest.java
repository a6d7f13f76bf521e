package io.aiworkflow.engine.node.script;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox gives its thread back when nobody wants the script's result any more. */
class ScriptSandboxTest {

    private static ScheduledExecutorService watchdog;
    private static ScriptSandbox sandbox;

    @BeforeAll
    static void start() {
        watchdog = Executors.newSingleThreadScheduledExecutor();
        sandbox = new ScriptSandbox(watchdog);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        watchdog.shutdownNow();
    }

    @Test
    void aCanceledScriptStopsLongBeforeItsTimeLimit() throws Exception {
        AtomicBoolean canceled = new AtomicBoolean();
        CompletableFuture<ScriptSandbox.Outcome> running = CompletableFuture.supplyAsync(() -> sandbox.run(
                "function main(input) { console.log('spinning'); var s = 'x';"
                        // few statements, much work each: the statement limit is far away
                        + " while (true) { s = JSON.stringify([s, s, s]).slice(0, 200000); } }", "{}", 600_000, canceled::get));
        Thread.sleep(300);
        assertFalse(running.isDone(), "the script spins");

        canceled.set(true);

        // a ten-minute limit: only the cancellation can end it this soon
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ScriptSandbox.ScriptFailure, String.valueOf(e.getCause()));
        ScriptSandbox.ScriptFailure failure = (ScriptSandbox.ScriptFailure) e.getCause();
        assertEquals("ABORTED", failure.code());
        assertEquals(List.of("spinning"), failure.logs());
    }

    @Test
    void aScriptThatIsNotCanceledStillRunsToItsEnd() {
        ScriptSandbox.Outcome outcome = sandbox.run(
                "function main(input) { var n = 0; for (var i = 0; i < 3e5; i++) { n += i % 3; } return {n: n}; }",
                "{}", 10_000, () -> false);
        assertEquals("{\"n\":300000}", outcome.resultJson());
    }
}
