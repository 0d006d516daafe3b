package org.memvfs.mmu;

import com.github.benmanes.caffeine.cache.Cache;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads page-table entries through the cache of whole 4 KiB table pages. */
final class PageTables {
    static final int PAGE = 4096;
    private static final long PAGE_MASK = PAGE - 1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final PhysicalMemory memory;
    private final MemoryCaches registry;
    private final Cache<PagingCaches.TableKey, byte[]> pages;

    PageTables(PagingCaches caches) {
        this.memory = caches.memory();
        this.registry = caches.registry();
        this.pages = caches.tablePages();
    }

    /**
     * The 4 KiB page holding the table at {@code tablePa}, or null when the image does not hold
     * all of it. Absent pages are not cached, so a page that appears in live memory is seen.
     */
    byte[] page(long tablePa) {
        // the generation is read before memory: a page read before an invalidation stays under the old key
        PagingCaches.TableKey key = new PagingCaches.TableKey(registry.generation(), tablePa & ~PAGE_MASK);
        byte[] page = pages.getIfPresent(key);
        if (page == null) {
            page = load(key.pa());
            if (page != null) {
                pages.put(key, page);
            }
        }
        return page;
    }

    private byte[] load(long pagePa) {
        byte[] bytes = new byte[PAGE];
        ReadResult result = memory.read(new Pa(pagePa), ByteBuffer.wrap(bytes));
        return result.isComplete() ? bytes : null;
    }

    /** The entry of {@code entryBytes} at byte {@code offset} of a table page, zero-extended. */
    static long entry(byte[] page, int offset, int entryBytes) {
        return entryBytes == Long.BYTES ? (long) LONGS.get(page, offset)
                : Integer.toUnsignedLong((int) INTS.get(page, offset));
    }

    /** The offset within its 4 KiB page of a table entry's physical address. */
    static int offsetInPage(long entryPa) {
        return (int) (entryPa & PAGE_MASK);
    }
}
