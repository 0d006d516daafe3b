package org.memvfs.vfs;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.function.Supplier;
import org.memvfs.mmu.MemoryCaches;

/**
 * Rendered text files, kept in one of the image's caches (the one place Caffeine is configured)
 * so that a file is rendered once however it is read, and all of them are dropped together.
 */
final class RenderCache {
    static final long DEFAULT_BYTES = 64L << 20;
    private static final int ENTRY_OVERHEAD = 96;

    private final Cache<String, byte[]> rendered;

    RenderCache(MemoryCaches caches, long maxBytes) {
        rendered = caches.create("rendered-files", maxBytes, (key, bytes) -> bytes.length + 2 * key.length() + ENTRY_OVERHEAD);
    }

    /** The bytes under {@code key}, rendering them now when they are not cached. */
    byte[] get(String key, Supplier<byte[]> render) {
        byte[] bytes = rendered.getIfPresent(key);
        if (bytes == null) {
            bytes = render.get();
            rendered.put(key, bytes);
        }
        return bytes;
    }
}
