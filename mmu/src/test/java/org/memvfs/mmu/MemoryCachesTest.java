package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Cache;
import org.junit.jupiter.api.Test;

class MemoryCachesTest {
    @Test
    void cachesAreBoundedByTheBytesTheirEntriesWeigh() {
        MemoryCaches registry = new MemoryCaches();
        Cache<Integer, byte[]> cache = registry.create("blocks", 10_000, (key, value) -> value.length);
        for (int i = 0; i < 100; i++) {
            cache.put(i, new byte[1000]);
        }
        cache.cleanUp();
        CacheStatistics stats = registry.statistics().get(0);
        assertThat(stats.weightBytes()).isLessThanOrEqualTo(10_000);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(90);
        assertThat(stats.maxBytes()).isEqualTo(10_000);
    }

    @Test
    void statisticsCountHitsAndMissesOfEveryRegisteredCache() {
        MemoryCaches registry = new MemoryCaches();
        Cache<String, String> first = registry.create("first", 1000, (k, v) -> 1);
        registry.create("second", 1000, (k, v) -> 1);
        first.put("a", "b");
        first.getIfPresent("a");
        first.getIfPresent("z");
        assertThat(registry.statistics()).extracting(CacheStatistics::name).containsExactly("first", "second");
        CacheStatistics stats = registry.statistics().get(0);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
    }

    @Test
    void invalidateAllEmptiesEveryCache() {
        MemoryCaches registry = new MemoryCaches();
        Cache<String, String> first = registry.create("first", 1000, (k, v) -> 1);
        Cache<String, String> second = registry.create("second", 1000, (k, v) -> 1);
        first.put("a", "b");
        second.put("c", "d");
        registry.invalidateAll();
        assertThat(first.estimatedSize() + second.estimatedSize()).isZero();
    }

    @Test
    void everyInvalidationAdvancesTheGeneration() {
        MemoryCaches registry = new MemoryCaches();
        long before = registry.generation();
        registry.invalidateAll();
        registry.invalidateAll();
        assertThat(registry.generation()).isEqualTo(before + 2);
    }

    @Test
    void aCacheWithoutRoomIsAConfigurationError() {
        assertThatThrownBy(() -> new MemoryCaches().create("none", 0, (k, v) -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
    }
}
