package io.aiworkflow.engine.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock and a timer service that move only when a test says so: {@link #advance} moves the time
 * and runs, on the calling thread and in order, every timer that falls due (also those the timers
 * themselves schedule on the way). Deadlines, retries and timeouts are then tested without waiting.
 */
public final class ManualTime extends AbstractExecutorService implements ScheduledExecutorService {

    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing((Timer t) -> t.due).thenComparingLong(t -> t.order));
    private volatile Instant now;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    public ManualTime(Instant start) {
        this.now = start;
    }

    public ManualTime() {
        this(Instant.parse("2026-11-30T10:00:00Z"));
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return now;
    }

    /** Moves the time on and runs the timers due by then, earliest first. */
    public void advance(Duration by) {
        Instant target = now.plus(by);
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due.isAfter(target)) {
                    break;
                }
                timers.poll();
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            next.run();
        }
        now = target;
    }

    /** Timers waiting (not canceled, not run). */
    public synchronized int pending() {
        return (int) timers.stream().filter(t -> !t.isCancelled()).count();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Timer(
                () -> {
                    command.run();
                    return null;
                },
                delay,
                unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Timer(callable, delay, unit));
    }

    @SuppressWarnings("unchecked")
    private synchronized <V> ScheduledFuture<V> add(Timer timer) {
        timers.add(timer);
        return (ScheduledFuture<V>) timer;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the engine schedules one-shot timers only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the engine schedules one-shot timers only");
    }

    /** Runs at once, on the calling thread: nothing the engine hands over here waits for time. */
    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        synchronized (this) {
            timers.clear();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Timer extends FutureTask<Object> implements ScheduledFuture<Object> {
        final Instant due;
        final long order = sequence.incrementAndGet();

        @SuppressWarnings("unchecked")
        Timer(Callable<?> task, long delay, TimeUnit unit) {
            super((Callable<Object>) task);
            this.due = now.plusNanos(unit.toNanos(delay));
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(now, due).toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
