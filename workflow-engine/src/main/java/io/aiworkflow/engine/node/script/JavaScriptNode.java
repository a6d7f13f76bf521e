package io.aiworkflow.engine.node.script;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs the {@code code} setting's {@code function main(input)}, {@code input} being the node's other
 * fields. An object result is the output; anything else becomes {@code {result: value}}. Lines the
 * script logs are reported as trace data {@code {logs:[…]}}. Time limit: {@code timeoutMs} (default 2 s),
 * exceeded → SCRIPT_TIMEOUT; errors → SCRIPT_ERROR with the script's message.
 */
@ApplicationScoped
public class JavaScriptNode implements NodeBehavior, AutoCloseable {

    public static final long DEFAULT_TIMEOUT_MS = 2_000;

    private volatile ScriptSandbox sandbox;
    private volatile ScheduledExecutorService watchdog;

    @Override
    public NodeType type() {
        return NodeType.JavaScript;
    }

    @Override
    public boolean enforcesOwnTimeout() {
        return true;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) {
        String code = in.settingString("code")
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "the 'code' setting is required"));
        long timeoutMs = in.timeoutMs(DEFAULT_TIMEOUT_MS);
        ScriptSandbox.Outcome outcome;
        try {
            outcome = sandbox().run(code, in.inputs().toString(), timeoutMs, ctx::isCanceled);
        } catch (ScriptSandbox.ScriptFailure e) {
            reportLogs(e.logs(), ctx);
            throw e;
        }
        reportLogs(outcome.logs(), ctx);
        JsonValue result = Jsons.parse(outcome.resultJson());
        return NodeOutput.of(
                result instanceof JsonObject o
                        ? o
                        : Jsons.object().add("result", result).build());
    }

    private static void reportLogs(List<String> logs, NodeContext ctx) {
        if (!logs.isEmpty()) {
            JsonArrayBuilder lines = Jsons.array();
            logs.forEach(lines::add);
            ctx.trace(Jsons.object().add("logs", lines).build());
        }
    }

    /** Builds the sandbox in the background when the application starts, so the first run does not wait for it. */
    void warmUpAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Thread warm = new Thread(this::sandbox, "javascript-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** The GraalJS engine is costly to build: one per node instance, made on first use. */
    private ScriptSandbox sandbox() {
        ScriptSandbox current = sandbox;
        if (current == null) {
            synchronized (this) {
                if (sandbox == null) {
                    watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "javascript-watchdog");
                        t.setDaemon(true);
                        return t;
                    });
                    sandbox = new ScriptSandbox(watchdog);
                }
                current = sandbox;
            }
        }
        return current;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (sandbox != null) {
            sandbox.close();
            watchdog.shutdownNow();
            sandbox = null;
        }
    }
}
