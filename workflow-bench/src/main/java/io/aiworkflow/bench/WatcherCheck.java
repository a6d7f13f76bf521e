package io.aiworkflow.bench;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One debug watcher of the bench app, as its WebSocket delivers (the JDK client calls one socket's
 * listener one message at a time, on its few threads). For each run it checks that the messages
 * arrive in their sequence ({@link DebugMessage#BENCH_RUN}), none missing, none twice, none after the
 * run's last; at the end, that it saw every executed run to its end. Of the runs begun in the
 * measured period it keeps a uniform sample (reservoir) of the messages' receive times, to date
 * against their run's start once that is known.
 */
final class WatcherCheck implements WebSocket.Listener {

    enum Outcome {
        /** every executed run seen whole, in order */
        OK,
        /** messages or whole runs missing */
        GAPS,
        /** a message earlier than one already received, repeated, after its run's end, or unknown */
        OUT_OF_ORDER,
        /** closed by the server as a slow consumer (1008) */
        SLOW_CONSUMER,
        /** did not open, failed, or closed by the server otherwise */
        CLOSED
    }

    /** Messages kept per watcher to date: a thousand watchers hold a million. */
    static final int SAMPLES = 1000;

    private static final String SLOW = "slow_consumer";

    private final WatchedRuns runs;
    /** also runs begun outside the measured period (the check of one watcher alone) */
    private final boolean sampleAlways;

    private final StringBuilder partial = new StringBuilder();
    /** the runs under way, by id: the next sequence number expected of each */
    private final Map<String, Progress> open = new HashMap<>();
    /** the runs whose last message arrived */
    private final BitSet ended = new BitSet();

    private WebSocket socket;
    private long messages;
    private long missing;
    private long outOfOrder;
    private long unknown;
    private String problem = "";
    private int closeCode = -1;
    private String closeReason = "";
    private Throwable error;
    // the sample: receive time − the message's elapsed time (µs), with its run
    private final long[] sampleMicros = new long[SAMPLES];
    private final WatchedRuns.Run[] sampleRuns = new WatchedRuns.Run[SAMPLES];
    private int samples;
    private long sampled;

    private static final class Progress {
        final WatchedRuns.Run run;
        int next;

        Progress(WatchedRuns.Run run) {
            this.run = run;
        }
    }

    WatcherCheck(WatchedRuns runs, boolean sampleAlways) {
        this.runs = runs;
        this.sampleAlways = sampleAlways;
    }

    @Override
    public synchronized void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE); // the client reads on as the listener returns: backpressure enough
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = micros();
        synchronized (this) {
            if (!last) {
                partial.append(data);
            } else if (partial.length() > 0) {
                accept(partial.append(data).toString(), now);
                partial.setLength(0);
            } else {
                accept(data.toString(), now);
            }
        }
        return null;
    }

    @Override
    public synchronized CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closeCode < 0) {
            closeCode = statusCode;
            closeReason = reason;
        }
        return null;
    }

    @Override
    public synchronized void onError(WebSocket webSocket, Throwable failure) {
        if (error == null) {
            error = failure;
        }
    }

    /** The handshake failed. */
    synchronized void failedToOpen(Throwable failure) {
        error = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    synchronized WebSocket socket() {
        return socket;
    }

    synchronized long messages() {
        return messages;
    }

    /** Open, and not closed nor failed: more messages may come. */
    synchronized boolean isListening() {
        return socket != null && closeCode < 0 && error == null;
    }

    synchronized int endedRuns() {
        return ended.cardinality();
    }

    private void accept(String text, long receivedMicros) {
        messages++;
        DebugMessage m = DebugMessage.parse(text);
        if (m == null) {
            unknown++;
            problem("not a run message: " + shorten(text));
            return;
        }
        Progress p = open.get(m.runId());
        if (p == null) {
            WatchedRuns.Run run = runs.run(m.runId());
            if (ended.get(run.index)) {
                outOfOrder++;
                problem("run " + m.runId() + ": " + m.key() + " after its end");
                return;
            }
            p = new Progress(run);
            open.put(m.runId(), p);
        }
        int ordinal = m.ordinal();
        if (ordinal < 0) {
            unknown++;
            problem("run " + m.runId() + ": unexpected message " + m.key() + " (" + shorten(text) + ")");
            return;
        }
        if (ordinal < p.next) {
            outOfOrder++;
            problem("run " + m.runId() + ": " + m.key() + " (#" + ordinal + ") after #" + (p.next - 1));
        } else {
            if (ordinal > p.next) {
                missing += ordinal - p.next;
                problem("run " + m.runId() + ": #" + p.next + " to #" + (ordinal - 1) + " missing");
            }
            p.next = ordinal + 1;
        }
        if (ordinal >= DebugMessage.TERMINAL && p.run.terminalElapsedMs < 0) {
            p.run.terminalElapsedMs = m.elapsedMs();
        }
        sample(p.run, receivedMicros - m.elapsedMs() * 1000);
        if (ordinal == DebugMessage.LAST) {
            open.remove(m.runId());
            ended.set(p.run.index);
        }
    }

    private void sample(WatchedRuns.Run run, long micros) {
        if (!sampleAlways && !run.measured) {
            return;
        }
        sampled++;
        int at = samples < SAMPLES
                ? samples++
                : (int) ThreadLocalRandom.current().nextLong(sampled);
        if (at < SAMPLES) {
            sampleMicros[at] = micros;
            sampleRuns[at] = run;
        }
    }

    /**
     * What this watcher saw, given the runs that were executed (each should have come whole). Taken
     * before the bench closes the sockets itself.
     */
    synchronized Outcome outcome(BitSet executed) {
        BitSet missed = (BitSet) executed.clone();
        missed.andNot(ended);
        if (socket == null) {
            problem("did not open: " + error);
            return Outcome.CLOSED;
        }
        if (closeCode == 1008 && closeReason.startsWith(SLOW)) {
            problem("closed 1008 " + closeReason + " after " + messages + " messages");
            return Outcome.SLOW_CONSUMER;
        }
        if (closeCode >= 0 || error != null) {
            problem(closeCode >= 0 ? "closed " + closeCode + " " + closeReason : "failed: " + error);
            return Outcome.CLOSED;
        }
        if (outOfOrder + unknown > 0) {
            return Outcome.OUT_OF_ORDER;
        }
        if (missing > 0 || !missed.isEmpty()) {
            problem(missed.cardinality() + " executed run(s) not seen to their end");
            return Outcome.GAPS;
        }
        return Outcome.OK;
    }

    /** The first thing that went wrong; empty when nothing did. */
    synchronized String problem() {
        return problem;
    }

    /** Messages that went missing inside runs (not counting runs never seen). */
    synchronized long missing() {
        return missing;
    }

    /**
     * The sampled messages' delays, ns: from the event's time on the server (its run's start + its
     * elapsed time) to its arrival here. Samples of runs not dated (no execute answer or no end seen)
     * are left out; {@code untimed[0]} counts them.
     */
    synchronized long[] delaysNanos(long[] untimed) {
        long[] out = new long[samples];
        int n = 0;
        for (int i = 0; i < samples; i++) {
            WatchedRuns.Run run = sampleRuns[i];
            if (run.isTimed()) {
                out[n++] = (sampleMicros[i] - run.startMillis() * 1000) * 1000;
            } else {
                untimed[0]++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private void problem(String why) {
        if (problem.isEmpty()) {
            problem = why;
        }
    }

    /** Microseconds since the epoch: the wall clock, which the server (on this machine) dates its events by. */
    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
