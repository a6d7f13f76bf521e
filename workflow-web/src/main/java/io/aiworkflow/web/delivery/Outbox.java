package io.aiworkflow.web.delivery;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One live client's messages on their way out. The engine's observers hand messages over without
 * waiting ({@link #offer} never does I/O); a task on the delivery executor sends them in order, one
 * at a time. A client that does not keep up (its queue holds more than {@code maxMessages} messages
 * or {@code maxChars} characters, or one send fails or outlasts the channel's send timeout) is
 * closed as slow, after a farewell message if the channel has one; the run never waits for it.
 *
 * @param <T> a message
 */
public final class Outbox<T> {

    /** Where an outbox's messages go. */
    public interface Channel<T> {

        /** Sends one message, waiting at most the send timeout; throws when it could not. */
        void send(T message) throws Exception;

        /** Ends the client: normally ({@code slow} false) after its last message, or because it fell behind. */
        void close(boolean slow);

        /** The message that tells a slow client why it is closed, sent before {@link #close}; null for none. */
        default T farewell() {
            return null;
        }
    }

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    /** Messages sent per turn on a delivery thread before the outbox lets other clients go first. */
    static final int PER_TURN = 32;

    private final Channel<T> channel;
    private final Executor executor;
    private final int maxMessages;
    private final long maxChars;
    private final ToIntFunction<T> chars;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean draining;
    /** no more offers: set by the last message, by a slow client, or by a failed send */
    private boolean sealed;

    private boolean slow;

    public Outbox(Channel<T> channel, Executor executor, int maxMessages, long maxChars, ToIntFunction<T> chars) {
        this.channel = channel;
        this.executor = executor;
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
        this.chars = chars;
    }

    /**
     * Queues a message; {@code last}: the client is closed once it is sent. False when the outbox
     * takes nothing more (closed, or its client fell behind): the caller can forget this client.
     */
    public boolean offer(T message, boolean last) {
        boolean start;
        synchronized (this) {
            if (sealed) {
                return false;
            }
            int size = chars.applyAsInt(message);
            if (queue.size() >= maxMessages || queuedChars + size > maxChars) {
                fellBehind();
            } else {
                queue.add(message);
                queuedChars += size;
                sealed = last;
            }
            start = !draining;
            draining = true;
        }
        if (start) {
            schedule();
        }
        return !slow;
    }

    /** Closes the client after what is queued. */
    public void close() {
        boolean start;
        synchronized (this) {
            if (sealed) {
                return;
            }
            sealed = true;
            start = !draining;
            draining = true;
        }
        if (start) {
            schedule();
        }
    }

    public synchronized boolean isSlow() {
        return slow;
    }

    /** Under the lock: what is queued is dropped, the farewell replaces it. */
    private void fellBehind() {
        sealed = true;
        slow = true;
        queue.clear();
        queuedChars = 0;
        T farewell = channel.farewell();
        if (farewell != null) {
            queue.add(farewell);
        }
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shutDown) {
            // the server is stopping
            synchronized (this) {
                queue.clear();
                sealed = true;
                slow = true;
                draining = false;
            }
            channel.close(true);
        }
    }

    private void drain() {
        for (int sent = 0; ; sent++) {
            if (sent == PER_TURN) {
                schedule(); // still draining: this outbox's next turn, behind the others
                return;
            }
            T next;
            boolean closeNow;
            synchronized (this) {
                next = queue.poll();
                if (next != null) {
                    queuedChars -= chars.applyAsInt(next);
                }
                closeNow = next == null && sealed;
                if (next == null) {
                    draining = false;
                    if (!closeNow) {
                        return;
                    }
                }
            }
            if (closeNow) {
                channel.close(slow);
                return;
            }
            try {
                channel.send(next);
            } catch (Exception | Error e) {
                LOG.log(Level.FINE, "a live client is closed: its send failed", e);
                synchronized (this) {
                    sealed = true;
                    slow = true;
                    queue.clear();
                    queuedChars = 0;
                    draining = false;
                }
                channel.close(true);
                return;
            }
        }
    }
}
