package org.memvfs.mmu;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caches that page walks over one physical memory share: 4 KiB page-table pages by physical
 * address, and finished translations by address space and virtual page.
 */
public final class PagingCaches {
    public static final long DEFAULT_TABLE_BYTES = 64L << 20;
    public static final long DEFAULT_TRANSLATION_BYTES = 64L << 20;

    /** Rough heap cost of a cached table page beyond its 4 KiB. */
    private static final int TABLE_OVERHEAD = 64;
    /** Rough heap cost of a translation and of each of its steps. */
    private static final int TRANSLATION_BYTES = 96;
    private static final int STEP_BYTES = 72;

    private final PhysicalMemory memory;
    private final MemoryCaches registry;
    private final Cache<TableKey, byte[]> tablePages;
    private final Cache<PageKey, Translation> translations;
    private final AtomicInteger nextSpaceId = new AtomicInteger();

    /**
     * The key of a cached table page: the 4 KiB page's physical address, in the cache generation
     * it was read in (see {@link MemoryCaches#generation()}).
     */
    record TableKey(long generation, long pa) {
    }

    /**
     * The key of a cached translation: an address space and a 4 KiB virtual page number, in the
     * cache generation the walk started in.
     */
    record PageKey(long generation, int space, long vpn) {
    }

    public PagingCaches(PhysicalMemory memory, MemoryCaches registry) {
        this(memory, registry, DEFAULT_TABLE_BYTES, DEFAULT_TRANSLATION_BYTES);
    }

    public PagingCaches(PhysicalMemory memory, MemoryCaches registry, long tableBytes, long translationBytes) {
        this.memory = memory;
        this.registry = registry;
        this.tablePages = registry.create("page-tables", tableBytes, (key, page) -> page.length + TABLE_OVERHEAD);
        this.translations = registry.create("translations", translationBytes,
                (key, translation) -> TRANSLATION_BYTES + STEP_BYTES * translation.stepCount());
    }

    /** Caches of their own, with default sizes, for one-off use. */
    public static PagingCaches standalone(PhysicalMemory memory) {
        return new PagingCaches(memory, new MemoryCaches());
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** The registry these caches live in, for statistics and invalidation. */
    public MemoryCaches registry() {
        return registry;
    }

    /**
     * Drops every cached table page and translation, with every other cache of the registry: they
     * share the registry's generation, which is what makes an invalidation complete at once.
     */
    public void invalidateAll() {
        registry.invalidateAll();
    }

    Cache<TableKey, byte[]> tablePages() {
        return tablePages;
    }

    Cache<PageKey, Translation> translations() {
        return translations;
    }

    int newSpaceId() {
        return nextSpaceId.getAndIncrement();
    }
}
