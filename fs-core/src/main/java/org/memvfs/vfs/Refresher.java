package org.memvfs.vfs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.memvfs.mmu.MemoryCaches;

/**
 * Keeps a tree over live memory fresh. One daemon thread drops every cache (page-table pages,
 * translations, rendered files) each memory period and reads the process list again each process
 * period. Readers call {@link #keepFresh()} before they look at the tree, and it drops the caches
 * itself when the thread is late: so a read never uses anything cached longer ago than the memory
 * period, however busy the machine. What is shown and set in {@code conf/refresh.txt} lives here.
 */
final class Refresher implements AutoCloseable {
    static final String SYNTAX = "write 1 (refresh now), memory-ms=N (" + RefreshPeriods.MIN_MEMORY_MS + ".."
            + RefreshPeriods.MAX_MEMORY_MS + ") or processes-s=N (" + RefreshPeriods.MIN_PROCESSES_S + ".."
            + RefreshPeriods.MAX_PROCESSES_S + "), several separated by spaces";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final MemoryCaches caches;
    private final Runnable rereadProcesses;
    private final ScheduledExecutorService scheduler;
    private final Object memoryLock = new Object();
    private final Object processLock = new Object();
    private final AtomicLong memoryRefreshes = new AtomicLong();
    private final AtomicLong processRefreshes = new AtomicLong();
    private volatile RefreshPeriods periods;
    /** {@link System#nanoTime()} read just before the last invalidation advanced the caches' generation. */
    private volatile long memoryRefreshedAt;
    private volatile Instant lastMemoryRefresh;
    private volatile Instant lastProcessRefresh;
    private volatile long lastProcessMillis;
    private volatile String lastError = "none";
    private ScheduledFuture<?> memoryTask;
    private ScheduledFuture<?> processTask;

    /**
     * @param caches          every cache of the tree and its kernel (one generation)
     * @param rereadProcesses reads the process list and swaps in a tree made from it
     */
    Refresher(MemoryCaches caches, Runnable rereadProcesses, RefreshPeriods periods) {
        this.caches = caches;
        this.rereadProcesses = rereadProcesses;
        this.periods = periods;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "memvfs-refresh");
            thread.setDaemon(true);
            return thread;
        });
        // what finding the kernel cached was read before the clock starts
        refreshMemory();
        lastProcessRefresh = Instant.now();
    }

    /** Starts the schedule: the first drops one period from now. */
    synchronized void start() {
        scheduleMemory();
        scheduleProcesses();
    }

    RefreshPeriods periods() {
        return periods;
    }

    /**
     * Drops the caches now when the last drop is a memory period old or older; a reader calls it
     * before it reads, so it never depends on the schedule being on time.
     */
    void keepFresh() {
        if (System.nanoTime() - memoryRefreshedAt >= periods.memory().toNanos()) {
            synchronized (memoryLock) {
                // another reader, or the schedule, may have done it while this one waited
                if (System.nanoTime() - memoryRefreshedAt >= periods.memory().toNanos()) {
                    refreshMemory();
                }
            }
        }
    }

    /** Drops every cache: from now on nothing read before is found again (see {@link MemoryCaches#generation()}). */
    void refreshMemory() {
        synchronized (memoryLock) {
            long started = System.nanoTime();
            caches.invalidateAll();
            memoryRefreshedAt = started;
            lastMemoryRefresh = Instant.now();
            memoryRefreshes.incrementAndGet();
        }
    }

    /**
     * Drops the caches and reads the process list again. When that fails the old tree stays and
     * the failure is shown in {@code refresh.txt}, then thrown.
     */
    void refreshProcesses() {
        synchronized (processLock) {
            // the walk must not go through tables cached before it
            refreshMemory();
            long started = System.nanoTime();
            try {
                rereadProcesses.run();
                lastError = "none";
            } catch (RuntimeException e) {
                lastError = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " the process list could not be read, the "
                        + "previous one is shown: " + e.getMessage();
                throw e;
            } finally {
                lastProcessMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                lastProcessRefresh = Instant.now();
                processRefreshes.incrementAndGet();
            }
        }
    }

    /**
     * Applies what was written to {@code refresh.txt}: all of it, or nothing when any part is wrong.
     *
     * @throws IllegalArgumentException naming what is wrong and the syntax
     */
    void apply(String written) {
        if (written.isBlank()) {
            throw new IllegalArgumentException("nothing written; " + SYNTAX);
        }
        RefreshPeriods changed = periods;
        boolean now = false;
        for (String token : written.strip().split("[\\s,;]+")) {
            if (token.equals("1")) {
                now = true;
            } else if (token.startsWith("memory-ms=")) {
                changed = inRange(changed, Duration.ofMillis(number(token)), null);
            } else if (token.startsWith("processes-s=")) {
                changed = inRange(changed, null, Duration.ofSeconds(number(token)));
            } else {
                throw new IllegalArgumentException("unknown setting '" + token + "'; " + SYNTAX);
            }
        }
        setPeriods(changed);
        if (now) {
            refreshProcesses();
        }
    }

    /** {@code periods} with a new memory or process period, refused with the syntax when out of range. */
    private static RefreshPeriods inRange(RefreshPeriods periods, Duration memory, Duration processes) {
        try {
            return memory != null ? periods.withMemory(memory) : periods.withProcesses(processes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + SYNTAX, e);
        }
    }

    private static long number(String token) {
        String value = token.substring(token.indexOf('=') + 1);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + token + "'; " + SYNTAX, e);
        }
    }

    /** New periods, in force at once: a changed schedule restarts one new period from now. */
    synchronized void setPeriods(RefreshPeriods changed) {
        RefreshPeriods before = periods;
        periods = changed;
        if (!changed.memory().equals(before.memory())) {
            scheduleMemory();
        }
        if (!changed.processes().equals(before.processes())) {
            scheduleProcesses();
        }
    }

    private void scheduleMemory() {
        if (memoryTask != null) {
            memoryTask.cancel(false);
        }
        if (!scheduler.isShutdown()) {
            long nanos = periods.memory().toNanos();
            memoryTask = scheduler.scheduleAtFixedRate(() -> safely(this::refreshMemory), nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduleProcesses() {
        if (processTask != null) {
            processTask.cancel(false);
        }
        if (!scheduler.isShutdown()) {
            long nanos = periods.processes().toNanos();
            processTask = scheduler.scheduleAtFixedRate(() -> safely(this::refreshProcesses), nanos, nanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** A scheduled run that throws would end its schedule; its failure is in {@code refresh.txt} instead. */
    private static void safely(Runnable refresh) {
        try {
            refresh.run();
        } catch (RuntimeException e) {
            // recorded by refreshProcesses; the next period tries again
        }
    }

    /** The text of {@code conf/refresh.txt}. */
    String text() {
        RefreshPeriods now = periods;
        Instant memory = lastMemoryRefresh;
        Instant processes = lastProcessRefresh;
        return "memory-ms=" + now.memory().toMillis() + "\n"
                + "processes-s=" + now.processes().toSeconds() + "\n"
                + "last-memory-refresh=" + memory.truncatedTo(ChronoUnit.MILLIS) + "\n"
                + "last-process-refresh=" + processes.truncatedTo(ChronoUnit.MILLIS) + "\n"
                + "last-process-refresh-ms=" + lastProcessMillis + "\n"
                + "memory-refreshes=" + memoryRefreshes.get() + "\n"
                + "process-refreshes=" + processRefreshes.get() + "\n"
                + "last-error=" + lastError + "\n"
                + "#\n"
                + "# Live memory: the guest's RAM is read where it lies, never copied. Every memory-ms\n"
                + "# milliseconds the cached page-table pages, translations and rendered files are\n"
                + "# dropped, so no read of a memory file uses a translation older than that (default "
                + RefreshPeriods.DEFAULT.memory().toMillis() + ").\n"
                + "# Every processes-s seconds the process list is read again and the tree rebuilt\n"
                + "# (default " + RefreshPeriods.DEFAULT.processes().toSeconds() + "). Times are UTC.\n"
                + "#\n"
                + "# Write to this file to change it (all of a write or none of it is applied):\n"
                + "#   echo 1 > conf/refresh.txt               refresh both now; done when echo returns\n"
                + "#   echo memory-ms=200 > conf/refresh.txt    " + RefreshPeriods.MIN_MEMORY_MS + " to "
                + RefreshPeriods.MAX_MEMORY_MS + "\n"
                + "#   echo processes-s=2 > conf/refresh.txt    " + RefreshPeriods.MIN_PROCESSES_S + " to "
                + RefreshPeriods.MAX_PROCESSES_S + "\n"
                + "#   echo 'memory-ms=200 processes-s=2 1' > conf/refresh.txt\n";
    }

    /** Stops the schedule and waits (bounded) for a refresh under way to end. */
    @Override
    public void close() {
        synchronized (this) {
            scheduler.shutdownNow();
        }
        try {
            scheduler.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
