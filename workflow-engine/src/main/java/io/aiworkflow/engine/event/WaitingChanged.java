package io.aiworkflow.engine.event;

import java.time.Instant;
import java.util.List;

/**
 * The node runs waiting for a person changed; {@code waiting} is the whole set now, in the order they
 * began to wait. The engine is the one place that works this set out: history stores it (the run is
 * {@code Waiting} while it is not empty, and a server that takes the run over restores each node's
 * deadline from it), the debug channel shows it. Published before the {@link WaitingForHuman} that
 * opens a wait and before the event that closes one. Internal: it has no API form.
 */
public record WaitingChanged(long sequence, String instanceId, Instant timestamp, List<WaitingNode> waiting)
        implements EngineEvent {

    public WaitingChanged {
        waiting = List.copyOf(waiting);
    }

    /** One node run waiting since {@code since} (before a take-over, when it first began to wait). */
    public record WaitingNode(NodeRef node, Instant since) {}

    public boolean isWaiting() {
        return !waiting.isEmpty();
    }
}
