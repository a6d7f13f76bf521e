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
                        + " while (true) { s = JSON.stringify([s, s, s]).slice(0, 200000); } }",
                "{}",
                600_000,
                canceled::get));
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

    private static ScriptSandbox.ScriptFailure failure(String code) {
        return assertThrows(ScriptSandbox.ScriptFailure.class, () -> sandbox.run(code, "{}", 30_000, () -> false));
    }

    @Test
    void aHugeArrayBufferIsARangeErrorNotAHeapFullOfZeros() {
        ScriptSandbox.ScriptFailure f =
                failure("function main(input) { return {n: new ArrayBuffer(1e9).byteLength}; }");
        assertEquals("SCRIPT_ERROR", f.code());
        assertTrue(f.getMessage().contains("RangeError"), f.getMessage());
    }

    @Test
    void aStringDoubledWithoutEndStopsAtTheLengthLimit() {
        ScriptSandbox.ScriptFailure f = failure("function main(input) { var s = 'x'; while (true) { s = s + s; } }");
        assertEquals("SCRIPT_ERROR", f.code());
        assertTrue(f.getMessage().contains("RangeError"), f.getMessage());
    }

    @Test
    void printingWithoutEndKeepsOnlyTheFirstOutput() {
        ScriptSandbox.Outcome outcome = sandbox.run(
                "function main(input) { var line = 'y'.repeat(10000);"
                        + " for (var i = 0; i < 5000; i++) { console.log(line); } return {printed: i}; }",
                "{}",
                30_000,
                () -> false);
        assertEquals("{\"printed\":5000}", outcome.resultJson());
        assertTrue(outcome.logs().size() <= 201, "lines kept: " + outcome.logs().size());
        assertTrue(
                outcome.logs().get(outcome.logs().size() - 1).contains("dropped"),
                String.valueOf(outcome.logs().size()));
    }

    @Test
    void scriptsRunningWhenTheHeapIsUnderPressureAreStopped() throws Exception {
        CompletableFuture<ScriptSandbox.Outcome> running = CompletableFuture.supplyAsync(() -> sandbox.run(
                "function main(input) { var keep = []; while (true) { keep.push({n: keep.length}); if (keep.length > 1e5) keep = []; } }",
                "{}",
                600_000,
                () -> false));
        while (!running.isDone() && !sandboxIsRunningAScript()) {
            Thread.onSpinWait();
        }
        HeapPressure.relieve(); // what the JVM's collection-usage notification calls
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        assertEquals("SCRIPT_MEMORY_EXCEEDED", ((ScriptSandbox.ScriptFailure) e.getCause()).code());
    }

    private static boolean sandboxIsRunningAScript() {
        return sandbox.runningScripts() > 0;
    }
}
