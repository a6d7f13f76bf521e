package io.aiworkflow.engine.node.script;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Tells when the heap stays full after a garbage collection (the JVM's collection-usage threshold
 * on its heap pools, set at {@value #THRESHOLD_PERCENT} % of their maximum): scripts are then the
 * first thing to stop, before the whole server runs out of memory.
 */
final class HeapPressure {

    static final int THRESHOLD_PERCENT = 75;
    private static final Logger LOG = Logger.getLogger(HeapPressure.class.getName());
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();

    static {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold(max * THRESHOLD_PERCENT / 100);
            }
        }
        NotificationListener listener = (notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                LOG.warning("the heap stays over " + THRESHOLD_PERCENT
                        + " % after garbage collection; running scripts are stopped");
                relieve();
            }
        };
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(listener, null, null);
    }

    private HeapPressure() {}

    /** {@code action} runs each time the heap is under pressure, until the returned handle is run. */
    static Runnable onPressure(Runnable action) {
        LISTENERS.add(action);
        return () -> LISTENERS.remove(action);
    }

    /** What a pressure notification does (also for tests). */
    static void relieve() {
        LISTENERS.forEach(Runnable::run);
    }
}
