package io.aiworkflow.web.api.runs;

import io.aiworkflow.engine.runs.LiveRun;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.function.Consumer;

/**
 * Writes a run's API events to an SSE client: {@code id:} the sequence number, {@code data:} the
 * seed JSON, no event name (so {@code EventSource.onmessage} receives them). The stream closes after
 * the terminal event, or with no event when another server took the run over (its events go on at
 * {@code /instance/{id}/events}). A client that goes away only loses its stream; the run goes on.
 */
final class SseStreams {

    private SseStreams() {
    }

    static void follow(LiveRun run, long afterSeq, SseEventSink sink, Sse sse) {
        follow(run, afterSeq, false, sink, sse);
    }

    /** {@code withTrace}: also send the run's trace frames (there are some only if the run was started for them). */
    static void follow(LiveRun run, long afterSeq, boolean withTrace, SseEventSink sink, Sse sse) {
        Consumer<LiveRun.Item> writer = item -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("client gone");
            }
            if (item.trace() && !withTrace) {
                return;
            }
            if (item.payload() != null) {
                send(sink, sse, item.seq(), item.payload().toString());
            }
            if (item.terminal()) {
                sink.close();
            }
        };
        run.subscribe(afterSeq, writer);
        if (run.isFinished() && !sink.isClosed()) {
            sink.close();
        }
    }

    static void send(SseEventSink sink, Sse sse, long seq, String json) {
        sink.send(sse.newEventBuilder().id(Long.toString(seq)).data(json).build());
    }
}
