package io.aiworkflow.engine.platform;

import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.ConcurrentMap;

/**
 * Concurrent maps for what the engine remembers (parsed designs, app rows, API keys, model clients)
 * that hold at most a given number of entries, the least useful ones evicted first: clearing a full
 * map instead would have every caller read again at once. Eviction runs on the calling thread, not
 * on the common fork-join pool, which is no managed thread of the application server.
 */
public final class BoundedMaps {

    private BoundedMaps() {}

    public static <K, V> ConcurrentMap<K, V> of(long maximumSize) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .<K, V>build()
                .asMap();
    }
}
