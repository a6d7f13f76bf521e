package io.aiworkflow.engine.support;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeStreamed;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.RunResumed;
import io.aiworkflow.engine.event.WaitingChanged;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowStarted;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records a run's events and renders them as short lines ("NodeStarted loop.a") for exact assertions. */
public final class RecordingSink implements EngineEventSink {

    private final List<EngineEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(EngineEvent event) {
        events.add(event);
    }

    public synchronized List<EngineEvent> events() {
        return List.copyOf(events);
    }

    /**
     * The run's steps as lines, without the bookkeeping events that only projections read (the
     * waiting set, a take-over's RunResumed): tests of those use {@link #allLines()}.
     */
    public List<String> lines() {
        return events().stream()
                .filter(e -> !(e instanceof WaitingChanged || e instanceof RunResumed))
                .map(RecordingSink::line)
                .toList();
    }

    public List<String> allLines() {
        return events().stream().map(RecordingSink::line).toList();
    }

    /** Lines of node events only for the given predicate over the line. */
    public List<String> lines(Predicate<String> filter) {
        return lines().stream().filter(filter).toList();
    }

    public <T extends EngineEvent> List<T> all(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends EngineEvent> T first(Class<T> type, String invokeId) {
        return all(type).stream()
                .filter(e -> invokeId.equals(ref(e).invokeId()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + type.getSimpleName() + " for " + invokeId + " in " + lines()));
    }

    public static String line(EngineEvent e) {
        NodeRef ref = ref(e);
        String name = e.getClass().getSimpleName();
        if (e instanceof NodeFailed f) {
            return name + " " + ref.invokeId() + " " + f.code() + (f.handled() ? " handled" : "");
        }
        if (e instanceof WaitingChanged w) {
            return name + " "
                    + (w.isWaiting()
                            ? String.join(
                                    ",",
                                    w.waiting().stream()
                                            .map(n -> n.node().invokeId())
                                            .toList())
                            : "-");
        }
        return ref == null ? name : name + " " + ref.invokeId();
    }

    public static NodeRef ref(EngineEvent e) {
        if (e instanceof NodeStarted s) {
            return s.node();
        }
        if (e instanceof NodeFinished f) {
            return f.node();
        }
        if (e instanceof NodeFailed f) {
            return f.node();
        }
        if (e instanceof NodeSkipped s) {
            return s.node();
        }
        if (e instanceof NodeTraced t) {
            return t.node();
        }
        if (e instanceof NodeStreamed s) {
            return s.node();
        }
        if (e instanceof WaitingForHuman w) {
            return w.node();
        }
        return null;
    }

    /** Sequence numbers 1..n without gaps, the first event WorkflowStarted, exactly one terminal event, last. */
    public void assertWellFormed() {
        List<EngineEvent> all = events();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).sequence(), "sequence at position " + i + " in " + lines());
        }
        assertTrue(all.get(0) instanceof WorkflowStarted, "first is WorkflowStarted");
        assertEquals(1, all.stream().filter(EngineEvent::isTerminal).count(), "exactly one terminal event: " + lines());
        assertTrue(all.get(all.size() - 1).isTerminal(), "terminal event is last: " + lines());
    }
}
