package io.aiworkflow.web.api.runs;

import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.web.delivery.Deliveries;
import io.aiworkflow.web.delivery.Outbox;
import jakarta.json.Json;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a run's API events to an SSE client: {@code id:} the sequence number, {@code data:} the
 * event JSON, no event name (so {@code EventSource.onmessage} receives them). The stream closes after
 * the terminal event, or with no event when another server took the run over (its events go on at
 * {@code /instance/{id}/events}). Events go through an {@link Outbox}: a client that does not read
 * never holds up the run; once it falls behind, its stream ends with a {@code stream_error} event
 * ({@code SLOW_CONSUMER}) and it can resume from its last event id. The run goes on either way.
 */
final class SseStreams {

    private SseStreams() {}

    /** {@code withTrace}: also send the run's trace frames (there are some only if the run was started for them). */
    static void follow(
            LiveRun run, long afterSeq, boolean withTrace, SseEventSink sink, Sse sse, Deliveries deliveries) {
        Outbox<Message> outbox = deliveries.open(new SinkChannel(sink, sse, run.instanceId()), Message::chars);
        Consumer<LiveRun.Item> writer = item -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("client gone");
            }
            if (item.trace() && !withTrace) {
                return;
            }
            boolean taken = item.payload() == null
                    ? closed(outbox)
                    : outbox.offer(new Message(item.seq(), item.payload().toString()), item.terminal());
            if (!taken) {
                throw new IllegalStateException("the client fell behind"); // unsubscribes it
            }
        };
        run.subscribe(afterSeq, writer);
        if (run.isFinished()) {
            outbox.close();
        }
    }

    private static boolean closed(Outbox<Message> outbox) {
        outbox.close();
        return true;
    }

    static void send(SseEventSink sink, Sse sse, long seq, String json) {
        sink.send(event(sse, new Message(seq, json)));
    }

    private static OutboundSseEvent event(Sse sse, Message m) {
        OutboundSseEvent.Builder b = sse.newEventBuilder().data(m.json());
        return m.seq() < 0 ? b.build() : b.id(Long.toString(m.seq())).build();
    }

    /** One event: its sequence number (negative: none) and JSON. */
    private record Message(long seq, String json) {
        int chars() {
            return json.length();
        }
    }

    private record SinkChannel(SseEventSink sink, Sse sse, String instanceId) implements Outbox.Channel<Message> {
        @Override
        public void send(Message message) throws Exception {
            sink.send(event(sse, message)).toCompletableFuture().get(Deliveries.SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close(boolean slow) {
            sink.close();
        }

        @Override
        public Message farewell() {
            return new Message(
                    -1,
                    Json.createObjectBuilder()
                            .add("type", "stream_error")
                            .add("instanceId", instanceId)
                            .add(
                                    "error",
                                    Json.createObjectBuilder()
                                            .add("code", "SLOW_CONSUMER")
                                            .add(
                                                    "message",
                                                    "this client did not read its events fast enough; the run goes on: resume at"
                                                            + " /api/app/workflow/instance/" + instanceId
                                                            + "/events with the last event id"))
                            .build()
                            .toString());
        }
    }
}
