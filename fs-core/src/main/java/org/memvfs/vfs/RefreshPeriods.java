package org.memvfs.vfs;

import java.time.Duration;

/**
 * How often a tree over live memory is refreshed. Static images are never refreshed.
 *
 * @param memory    how often every cached page-table page, translation and rendered file is
 *                  dropped: no read of a memory file uses a translation older than this
 * @param processes how often the process list is read again and the tree rebuilt from it
 */
public record RefreshPeriods(Duration memory, Duration processes) {
    public static final long DEFAULT_MEMORY_MS = 500;
    public static final long DEFAULT_PROCESSES_S = 5;
    public static final long MIN_MEMORY_MS = 10;
    public static final long MAX_MEMORY_MS = 3_600_000;
    public static final long MIN_PROCESSES_S = 1;
    public static final long MAX_PROCESSES_S = 86_400;

    /**
     * 500 ms: the bytes themselves are never cached (they are read from the shared mapping), so
     * this bounds only how long a remapped page can be read at its old frame; half a second is
     * below what a person notices, and re-walking the tables of the pages being read costs
     * microseconds per page. MemProcFS drops its translation cache more slowly (a third of it
     * every 2 s). 5 s: the process list is walked anew and every process directory rebuilt (its
     * regions, threads and modules read again when next looked at), MemProcFS's "fast" process
     * refresh period.
     */
    public static final RefreshPeriods DEFAULT = new RefreshPeriods(Duration.ofMillis(DEFAULT_MEMORY_MS),
            Duration.ofSeconds(DEFAULT_PROCESSES_S));

    /** @throws IllegalArgumentException when a period is outside the accepted range */
    public RefreshPeriods {
        if (memory.toMillis() < MIN_MEMORY_MS || memory.toMillis() > MAX_MEMORY_MS) {
            throw new IllegalArgumentException("the memory refresh period must be " + MIN_MEMORY_MS + " to " + MAX_MEMORY_MS
                    + " ms, not " + memory.toMillis());
        }
        if (processes.toSeconds() < MIN_PROCESSES_S || processes.toSeconds() > MAX_PROCESSES_S) {
            throw new IllegalArgumentException("the process refresh period must be " + MIN_PROCESSES_S + " to " + MAX_PROCESSES_S
                    + " s, not " + processes.toSeconds());
        }
    }

    public RefreshPeriods withMemory(Duration period) {
        return new RefreshPeriods(period, processes);
    }

    public RefreshPeriods withProcesses(Duration period) {
        return new RefreshPeriods(memory, period);
    }
}
