package org.memvfs.mmu;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntBiFunction;

/**
 * The one place memvfs configures Caffeine. Every cache is bounded by the bytes its entries
 * weigh, records statistics, and is registered here so that {@link #statistics()} lists them all
 * and {@link #invalidateAll()} empties them all at once (live memory needs that). Entries never
 * expire by time: static images do not change.
 *
 * <p>Live memory also needs the {@link #generation()}: caches over memory put it in their keys,
 * read before they read memory. {@link #invalidateAll()} advances it before it empties the caches,
 * so from that instant no entry loaded earlier can be found again, even one a reader puts while the
 * caches are being emptied, or one the emptying has not reached yet.
 */
public final class MemoryCaches {
    private final List<Registered<?, ?>> caches = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();

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

    /**
     * The number of {@link #invalidateAll()} calls so far. A loader reads it before it reads memory
     * and keys what it caches with it, so that what it read before an invalidation is never found
     * after it.
     */
    public long generation() {
        return generation.get();
    }

    /** Makes every entry loaded so far unreachable at once (see {@link #generation()}), then empties every cache. */
    public void invalidateAll() {
        generation.incrementAndGet();
        for (Registered<?, ?> registered : caches) {
            registered.cache().invalidateAll();
        }
    }
}
