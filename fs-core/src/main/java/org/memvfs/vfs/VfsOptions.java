package org.memvfs.vfs;

/**
 * How the tree behaves.
 *
 * @param writableMemory whether memory files accept writes (needs a writable source too)
 * @param renderCacheBytes the most bytes of rendered text kept
 */
public record VfsOptions(boolean writableMemory, long renderCacheBytes) {
    public static final VfsOptions DEFAULT = new VfsOptions(false, RenderCache.DEFAULT_BYTES);

    public VfsOptions withWritableMemory(boolean writable) {
        return new VfsOptions(writable, renderCacheBytes);
    }
}
