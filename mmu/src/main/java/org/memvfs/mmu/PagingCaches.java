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
    private final Cache<Long, byte[]> tablePages;
    private final Cache<PageKey, Translation> translations;
    private final AtomicInteger nextSpaceId = new AtomicInteger();

    /** The key of a cached translation: an address space and a 4 KiB virtual page number. */
    record PageKey(int space, long vpn) {
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

    /** Drops every cached table page and translation. */
    public void invalidateAll() {
        tablePages.invalidateAll();
        translations.invalidateAll();
    }

    Cache<Long, byte[]> tablePages() {
        return tablePages;
    }

    Cache<PageKey, Translation> translations() {
        return translations;
    }

    int newSpaceId() {
        return nextSpaceId.getAndIncrement();
    }
}
