package org.memvfs.mmu;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntBiFunction;

/**
 * The one place memvfs configures Caffeine. Every cache is bounded by the bytes its entries
 * weigh, records statistics, and is registered here so that {@link #statistics()} lists them all
 * and {@link #invalidateAll()} empties them all at once (live memory needs that). Entries never
 * expire by time: static images do not change.
 */
public final class MemoryCaches {
    private final List<Registered<?, ?>> caches = new CopyOnWriteArrayList<>();

    private record Registered<K, V>(String name, long maxBytes, Cache<K, V> cache) {
    }

    /**
     * A new cache of at most {@code maxBytes}, each entry weighing what {@code weigher} says.
     * Maintenance runs on the calling thread, so no background work outlives a mount.
     */
    public <K, V> Cache<K, V> create(String name, long maxBytes, ToIntBiFunction<K, V> weigher) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache " + name + " needs a positive size, not " + maxBytes);
        }
        Cache<K, V> cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((K key, V value) -> weigher.applyAsInt(key, value))
                .executor(Runnable::run)
                .recordStats()
                .build();
        caches.add(new Registered<>(name, maxBytes, cache));
        return cache;
    }

    /** Counters of every cache created here, in creation order. */
    public List<CacheStatistics> statistics() {
        List<CacheStatistics> result = new ArrayList<>();
        for (Registered<?, ?> registered : caches) {
            Cache<?, ?> cache = registered.cache();
            CacheStats stats = cache.stats();
            long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
            result.add(new CacheStatistics(registered.name(), stats.hitCount(), stats.missCount(),
                    stats.evictionCount(), cache.estimatedSize(), weight, registered.maxBytes()));
        }
        return result;
    }

    /** Empties every cache created here. */
    public void invalidateAll() {
        for (Registered<?, ?> registered : caches) {
            registered.cache().invalidateAll();
        }
    }
}
