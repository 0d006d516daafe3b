package org.memvfs.vfs;

/**
 * How the tree behaves.
 *
 * @param writableMemory   whether memory files accept writes (needs a writable source too)
 * @param renderCacheBytes the most bytes of rendered text kept
 * @param refresh          how often a tree over live memory is refreshed (unused for static images)
 */
public record VfsOptions(boolean writableMemory, long renderCacheBytes, RefreshPeriods refresh) {
    public static final VfsOptions DEFAULT = new VfsOptions(false, RenderCache.DEFAULT_BYTES, RefreshPeriods.DEFAULT);

    public VfsOptions withWritableMemory(boolean writable) {
        return new VfsOptions(writable, renderCacheBytes, refresh);
    }

    public VfsOptions withRefresh(RefreshPeriods periods) {
        return new VfsOptions(writableMemory, renderCacheBytes, periods);
    }
}
