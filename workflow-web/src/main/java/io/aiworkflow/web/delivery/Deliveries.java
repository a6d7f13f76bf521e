package io.aiworkflow.web.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The threads that send to live clients, apart from the engine's and the container's shared
 * executors: a client whose socket blocks holds one of these, never a run. A fixed number, taking
 * turns: an outbox sends a few messages per turn and then queues again behind the others, so a
 * thousand clients share them fairly, and a client waits for its turn instead of being dropped
 * when all are busy. The queue of turns holds at most one per client.
 */
@ApplicationScoped
public class Deliveries {

    /** Messages or characters a client may have queued before it counts as fallen behind. */
    public static final int MAX_QUEUED_MESSAGES = 2_000;

    public static final long MAX_QUEUED_CHARS = 16L * 1024 * 1024;
    /** Longest one send may take before its client counts as fallen behind. */
    public static final long SEND_TIMEOUT_SECONDS = 10;

    private static final int THREADS = 64;

    @Resource
    private ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        executor = new ThreadPoolExecutor(
                THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        executor.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** An outbox of text messages (JSON) for one client. */
    public <T> Outbox<T> open(Outbox.Channel<T> channel, ToIntFunction<T> chars) {
        return new Outbox<>(channel, executor, MAX_QUEUED_MESSAGES, MAX_QUEUED_CHARS, chars);
    }
}
