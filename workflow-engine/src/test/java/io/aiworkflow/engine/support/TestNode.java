package io.aiworkflow.engine.support;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable behaviour for engine tests, registered under the (otherwise unimplemented) Wiki type.
 * Inputs: {@code sleepMs}, {@code failTimes} (fail the first N attempts of this node in this run),
 * {@code failCode}, {@code echo} (returned as output {@code echo}), {@code trace} (reported via ctx.trace).
 */
public final class TestNode implements NodeBehavior {

    public static final NodeType TYPE = NodeType.Wiki;

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    public final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger maxRunning = new AtomicInteger();
    public final AtomicInteger interrupted = new AtomicInteger();
    public final AtomicInteger started = new AtomicInteger();

    @Override
    public NodeType type() {
        return TYPE;
    }

    @Override
    public NodeOutput run(NodeInput in, NodeContext ctx) throws Exception {
        started.incrementAndGet();
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            int attempt = attempts.computeIfAbsent(
                            ctx.instanceId() + "/" + ctx.node().invokeId() + "/"
                                    + ctx.node().loopIndex(),
                            k -> new AtomicInteger())
                    .incrementAndGet();
            in.input("trace").ifPresent(ctx::trace);
            long sleep = in.number("sleepMs").map(Double::longValue).orElse(0L);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
            long failTimes = in.number("failTimes").map(Double::longValue).orElse(0L);
            if (attempt <= failTimes && in.string("failWith").isPresent()) {
                throw new IllegalStateException(in.string("failWith").get()); // a library's exception, as it comes
            }
            if (attempt <= failTimes) {
                throw new NodeFailure(in.string("failCode").orElse("TEST_FAILURE"), "planned failure " + attempt);
            }
            JsonObject out = Jsons.object()
                    .add("echo", in.input("echo").orElse(Jsons.string("")))
                    .add("attempt", attempt)
                    .build();
            return NodeOutput.of(out);
        } finally {
            running.decrementAndGet();
        }
    }
}
