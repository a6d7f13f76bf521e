package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.web.delivery.Deliveries;
import io.aiworkflow.web.delivery.Outbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a run's events to an SSE client, by default as the platform's own events: {@code id:} the
 * sequence number, {@code data:} the event JSON, no event name (so {@code EventSource.onmessage}
 * receives them); a {@link Format} may write them in another client's shape. The stream closes after
 * the terminal event, or with no event when another server took the run over (its events go on at
 * {@code /instance/{id}/events}). Events go through an {@link Outbox}: a client that does not read
 * never holds up the run; once it falls behind, its stream ends with the format's farewell and it
 * can resume from its last event id. The run goes on either way.
 */
final class SseStreams {

    private SseStreams() {}

    /** One SSE message: its sequence number ({@code id:}; negative for none) and JSON. */
    record Message(long seq, String json) {
        int chars() {
            return json.length();
        }
    }

    /** What a client reads of a run's items. One instance per stream: a format may remember what it saw. */
    interface Format {
        /** The messages this item gives; none to leave it out. Trace frames come only if the run makes them. */
        List<Message> messages(LiveRun.Item item);

        /** The last message of a client that fell behind. */
        Message farewell(String instanceId);
    }

    /** {@code withTrace}: also send the run's trace frames (there are some only if the run was started for them). */
    static void follow(
            LiveRun run, long afterSeq, boolean withTrace, SseEventSink sink, Sse sse, Deliveries deliveries) {
        follow(run, afterSeq, new PlatformEvents(withTrace), sink, sse, deliveries);
    }

    static void follow(LiveRun run, long afterSeq, Format format, SseEventSink sink, Sse sse, Deliveries deliveries) {
        Outbox<Message> outbox = deliveries.open(new SinkChannel(sink, sse, run.instanceId(), format), Message::chars);
        Consumer<LiveRun.Item> writer = item -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("client gone");
            }
            if (item.payload() == null) {
                outbox.close();
                return;
            }
            List<Message> messages = format.messages(item);
            boolean taken = true;
            for (int i = 0; i < messages.size() && taken; i++) {
                taken = outbox.offer(messages.get(i), item.terminal() && i == messages.size() - 1);
            }
            if (messages.isEmpty() && item.terminal()) {
                outbox.close();
            }
            if (!taken) {
                throw new IllegalStateException("the client fell behind"); // unsubscribes it
            }
        };
        if (!run.subscribe(afterSeq, writer)) {
            // finished before it joined: it has had every item (closing after the last one is a no-op)
            outbox.close();
        }
    }

    static void send(SseEventSink sink, Sse sse, long seq, String json) {
        sink.send(event(sse, new Message(seq, json)));
    }

    private static OutboundSseEvent event(Sse sse, Message m) {
        OutboundSseEvent.Builder b = sse.newEventBuilder().data(m.json());
        return m.seq() < 0 ? b.build() : b.id(Long.toString(m.seq())).build();
    }

    /** The platform's own events, with the trace frames when asked for. */
    private record PlatformEvents(boolean withTrace) implements Format {
        @Override
        public List<Message> messages(LiveRun.Item item) {
            if (item.trace() && !withTrace) {
                return List.of();
            }
            return List.of(new Message(item.seq(), Jsons.write(item.payload())));
        }

        @Override
        public Message farewell(String instanceId) {
            JsonObject error = Json.createObjectBuilder()
                    .add("type", "stream_error")
                    .add("instanceId", instanceId)
                    .add(
                            "error",
                            Json.createObjectBuilder()
                                    .add("code", "SLOW_CONSUMER")
                                    .add("message", slowConsumer(instanceId)))
                    .build();
            return new Message(-1, error.toString());
        }
    }

    static String slowConsumer(String instanceId) {
        return "this client did not read its events fast enough; the run goes on: resume at"
                + " /api/app/workflow/instance/" + instanceId + "/events with the last event id";
    }

    private record SinkChannel(SseEventSink sink, Sse sse, String instanceId, Format format)
            implements Outbox.Channel<Message> {
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
            return format.farewell(instanceId);
        }
    }
}
