package org.memvfs.mmu;

/** One cache's counters, as {@code /conf/} shows them. */
public record CacheStatistics(String name, long hits, long misses, long evictions, long entries,
        long weightBytes, long maxBytes) {

    public double hitRate() {
        long requests = hits + misses;
        return requests == 0 ? 0 : (double) hits / requests;
    }
}
