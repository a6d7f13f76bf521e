package io.aiworkflow.engine.node.script;

import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs {@code main(input)} of user code in a fresh GraalJS context on a shared engine: no host
 * access or class lookup, no I/O, threads, processes, native code or environment; a statement limit
 * and a wall-clock limit enforced by closing the context from a watchdog. Input and result cross the
 * boundary as JSON text, so no host object ever reaches the script.
 */
final class ScriptSandbox implements AutoCloseable {

    static final long STATEMENT_LIMIT = 10_000_000;
    static final long CANCEL_CHECK_MS = 100;
    private static final int MAX_LOG_LINES = 200;
    private static final int MAX_LOG_CHARS = 2_000;
    // one ResourceLimits instance: contexts sharing an engine must use the same limits
    private static final ResourceLimits LIMITS =
            ResourceLimits.newBuilder().statementLimit(STATEMENT_LIMIT, null).build();

    /** What a script run produced: its result as JSON text, and the lines it logged. */
    record Outcome(String resultJson, List<String> logs) {}

    /** Longest string a script may build (characters): doubling a string stops here with a RangeError. */
    static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;
    /** Largest typed array or ArrayBuffer a script may allocate. */
    static final int MAX_TYPED_ARRAY_LENGTH = 64 * 1024 * 1024;
    /** What a script may print in all; the rest is dropped. */
    static final int MAX_OUTPUT_BYTES = 256 * 1024;

    private final Engine engine;
    private final ScheduledExecutorService watchdog;
    /** stops of the scripts running now, called when the heap is under pressure */
    private final Set<Runnable> running = ConcurrentHashMap.newKeySet();

    private final Runnable stopListening;

    ScriptSandbox(ScheduledExecutorService watchdog) {
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                // the typed-array cap is marked experimental in GraalJS 23.1, but it is the only bound
                // on ArrayBuffer sizes the community edition offers (a 1 GB buffer would fill the heap)
                .allowExperimentalOptions(true)
                .option("js.string-length-limit", Integer.toString(MAX_STRING_LENGTH))
                .option("js.max-typed-array-length", Integer.toString(MAX_TYPED_ARRAY_LENGTH))
                .build();
        this.watchdog = watchdog;
        this.stopListening = HeapPressure.onPressure(() -> running.forEach(Runnable::run));
        warmUp();
    }

    /**
     * The first context of an engine initialises the JavaScript realm and loads many classes,
     * which takes seconds in a cold server; doing it here keeps that out of the first script's time limit.
     */
    private void warmUp() {
        try (Context context = newContext(new BoundedOutput(MAX_OUTPUT_BYTES))) {
            context.eval("js", "JSON.stringify(JSON.parse('{\"warm\":[1,2,3]}'))");
        }
    }

    /** Runs the code; logs are returned on failure too, through {@link ScriptFailure}. */
    Outcome run(String code, String inputJson, long timeoutMs) {
        return run(code, inputJson, timeoutMs, () -> false);
    }

    /**
     * As {@link #run(String, String, long)}; the script is also stopped, within about
     * {@value #CANCEL_CHECK_MS} ms, once {@code canceled} turns true (its run was canceled or the node
     * abandoned): a script does not hold a thread until its time limit after nobody wants its result.
     */
    Outcome run(String code, String inputJson, long timeoutMs, BooleanSupplier canceled) {
        BoundedOutput out = new BoundedOutput(MAX_OUTPUT_BYTES);
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean outOfMemory = new AtomicBoolean();
        try (Context context = newContext(out)) {
            Runnable stopForMemory = () -> {
                if (!stopped.getAndSet(true)) {
                    outOfMemory.set(true);
                    context.close(true);
                }
            };
            running.add(stopForMemory);
            ScheduledFuture<?> alarm = watchdog.schedule(
                    () -> {
                        if (!stopped.getAndSet(true)) {
                            timedOut.set(true);
                            context.close(true);
                        }
                    },
                    timeoutMs,
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> cancelCheck = watchdog.scheduleWithFixedDelay(
                    () -> {
                        if (canceled.getAsBoolean() && !stopped.getAndSet(true)) {
                            context.close(true);
                        }
                    },
                    CANCEL_CHECK_MS,
                    CANCEL_CHECK_MS,
                    TimeUnit.MILLISECONDS);
            try {
                context.eval("js", code);
                Value main = context.getBindings("js").getMember("main");
                if (main == null || !main.canExecute()) {
                    throw new ScriptFailure(
                            NodeErrors.SCRIPT_ERROR, "the code must define function main(input)", logs(out));
                }
                Value parse = context.eval("js", "(s) => JSON.parse(s)");
                Value stringify = context.eval("js", "(v) => JSON.stringify(v === undefined ? null : v)");
                Value result = settled(context, main.execute(parse.execute(inputJson)), () -> logs(out));
                Value json = stringify.execute(result);
                return new Outcome(json.isString() ? json.asString() : "null", logs(out));
            } catch (PolyglotException e) {
                throw outOfMemory.get()
                        ? memoryFailure(logs(out))
                        : translate(e, timedOut.get(), stopped.get(), timeoutMs, logs(out));
            } catch (IllegalStateException e) {
                // the watchdog closed the context between two calls
                if (outOfMemory.get()) {
                    throw memoryFailure(logs(out));
                }
                if (stopped.get()) {
                    throw timedOut.get()
                            ? new ScriptFailure(
                                    NodeErrors.SCRIPT_TIMEOUT,
                                    "the script ran longer than " + timeoutMs + " ms",
                                    logs(out))
                            : canceledFailure(logs(out));
                }
                throw e;
            } finally {
                running.remove(stopForMemory);
                alarm.cancel(false);
                cancelCheck.cancel(false);
            }
        } catch (PolyglotException e) {
            // closing a canceled context rethrows its cancellation
            throw outOfMemory.get()
                    ? memoryFailure(logs(out))
                    : translate(e, timedOut.get(), stopped.get(), timeoutMs, logs(out));
        }
    }

    /** Scripts running now. */
    int runningScripts() {
        return running.size();
    }

    /**
     * An async {@code main} returns a promise: its value, once the promise jobs have run (GraalJS runs
     * them when control comes back to the host). A promise still pending then waits for something
     * the sandbox never gives (timers, I/O), so it is a script error.
     */
    private static Value settled(Context context, Value result, Supplier<List<String>> logs) throws ScriptFailure {
        if (!context.eval("js", "(v) => v instanceof Promise").execute(result).asBoolean()) {
            return result;
        }
        Value box = context.eval(
                        "js",
                        "(p) => { const box = { done: false };"
                                + " p.then(v => { box.done = true; box.value = v; },"
                                + " e => { box.done = true; box.error = e instanceof Error ? e.message : String(e); });"
                                + " return box; }")
                .execute(result);
        if (!box.getMember("done").asBoolean()) {
            throw new ScriptFailure(
                    NodeErrors.SCRIPT_ERROR,
                    "main returned a promise that never settled (no timers or I/O here)",
                    logs.get());
        }
        Value error = box.getMember("error");
        if (error != null && !error.isNull()) {
            throw new ScriptFailure(NodeErrors.SCRIPT_ERROR, error.asString(), logs.get());
        }
        return box.getMember("value");
    }

    private static ScriptFailure memoryFailure(List<String> logs) {
        return new ScriptFailure(
                NodeErrors.SCRIPT_MEMORY_EXCEEDED,
                "the script was stopped: the server's memory ran" + " short while it ran (scripts are stopped first)",
                logs);
    }

    private Context newContext(BoundedOutput out) {
        return Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(name -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .resourceLimits(LIMITS)
                .out(out)
                .err(out)
                .build();
    }

    private static ScriptFailure canceledFailure(List<String> logs) {
        return new ScriptFailure(
                NodeErrors.ABORTED, "the script was stopped: its run no longer needs the result", logs);
    }

    private static ScriptFailure translate(
            PolyglotException e, boolean timedOut, boolean stopped, long timeoutMs, List<String> logs) {
        if (stopped && !timedOut) {
            return canceledFailure(logs);
        }
        if (timedOut || e.isCancelled() && !e.isResourceExhausted()) {
            return new ScriptFailure(
                    NodeErrors.SCRIPT_TIMEOUT, "the script ran longer than " + timeoutMs + " ms", logs);
        }
        if (e.isResourceExhausted() || String.valueOf(e.getMessage()).contains("Statement count limit")) {
            return new ScriptFailure(
                    NodeErrors.SCRIPT_TIMEOUT, "the script exceeded " + STATEMENT_LIMIT + " statements", logs);
        }
        if (e.isInterrupted()) {
            return new ScriptFailure(NodeErrors.SCRIPT_TIMEOUT, "the script was interrupted", logs);
        }
        return new ScriptFailure(NodeErrors.SCRIPT_ERROR, String.valueOf(e.getMessage()), logs);
    }

    private static List<String> logs(BoundedOutput out) {
        List<String> lines = new ArrayList<>();
        String text = out.text();
        for (String line : text.split("\\R")) {
            if (lines.size() == MAX_LOG_LINES) {
                lines.add("… more lines dropped");
                break;
            }
            if (!line.isEmpty()) {
                lines.add(line.length() > MAX_LOG_CHARS ? line.substring(0, MAX_LOG_CHARS) + "…" : line);
            }
        }
        if (out.truncated() && lines.size() < MAX_LOG_LINES) {
            lines.add("… output beyond " + MAX_OUTPUT_BYTES / 1024 + " KiB dropped");
        }
        return lines;
    }

    @Override
    public void close() {
        stopListening.run();
        engine.close(true);
    }

    /** A failed script run, with what it logged before failing. */
    static final class ScriptFailure extends NodeFailure {
        private final transient List<String> logs;

        ScriptFailure(String code, String message, List<String> logs) {
            super(code, message);
            this.logs = logs;
        }

        List<String> logs() {
            return logs;
        }
    }
}
