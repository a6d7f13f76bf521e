package io.aiworkflow.engine.support;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.EngineEventSink;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/** Helpers for tests that drive the database projections (history, trace) with real engine events. */
public final class Projections {

    private Projections() {}

    /** Writer threads as a container would give them: daemons, so a failed test cannot hang the JVM. */
    public static ThreadFactory daemons() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Writer threads held back until {@link #open()}: what is enqueued before then is taken by the
     * lane in one batch, so a test can put several runs into the same commit.
     */
    public static final class Gate implements ThreadFactory {
        private final CountDownLatch open = new CountDownLatch(1);

        @Override
        public Thread newThread(Runnable r) {
            return daemons().newThread(() -> {
                try {
                    open.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                r.run();
            });
        }

        public void open() {
            open.countDown();
        }
    }

    /**
     * Instance ids with one hash code ({@code "Aa"} and {@code "BB"} hash alike): a projection
     * writer puts them on the same lane, whatever its number of lanes.
     */
    public static String[] oneLane() {
        String base = UUID.randomUUID().toString().substring(0, 34);
        return new String[] {base + "Aa", base + "BB"};
    }

    /** As the container delivers a run's events: to the projections in order, then to the test's recorder. */
    @SafeVarargs
    public static EngineEventSink to(RecordingSink recorder, Consumer<EngineEvent>... projections) {
        return e -> {
            for (Consumer<EngineEvent> projection : projections) {
                projection.accept(e);
            }
            recorder.publish(e);
        };
    }
}
