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

    private final MemoryCaches caches;
    private final Cache<Key, byte[]> rendered;

    /** A file's key in the cache generation its rendering started in (see {@link MemoryCaches#generation()}). */
    private record Key(long generation, String file) {
    }

    RenderCache(MemoryCaches caches, long maxBytes) {
        this.caches = caches;
        this.rendered = caches.create("rendered-files", maxBytes,
                (key, bytes) -> bytes.length + 2 * key.file().length() + ENTRY_OVERHEAD);
    }

    /** The bytes under {@code key}, rendering them now when they are not cached. */
    byte[] get(String key, Supplier<byte[]> render) {
        // read before rendering: text rendered from memory that a refresh overtakes is never found again
        Key current = new Key(caches.generation(), key);
        byte[] bytes = rendered.getIfPresent(current);
        if (bytes == null) {
            bytes = render.get();
            rendered.put(current, bytes);
        }
        return bytes;
    }
}
