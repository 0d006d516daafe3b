package org.memvfs.bench;

import java.util.concurrent.TimeUnit;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Translations per second on a real guest (config A, kernel CR3): answered from the translation
 * cache; walked through the tables with the translation cache bypassed (table pages cached); and
 * walked with a table-page cache of one page, so that nearly every level copies its table from
 * the image (the cost of a first touch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TranslationBenchmark {
    /** A working set that fits the translation cache: what a process's hot pages look like. */
    private static final int CACHED_ADDRESSES = 4096;
    /** Far more addresses than pages repeat, spread over every leaf of the space. */
    private static final int WALKED_ADDRESSES = 1 << 20;

    private GuestImage guest;
    private GuestImage uncachedTables;
    private long[] cached;
    private long[] walked;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        guest = new GuestImage();
        uncachedTables = new GuestImage(4096 + 64);
        cached = guest.randomMappedAddresses(CACHED_ADDRESSES, 1);
        walked = guest.randomMappedAddresses(WALKED_ADDRESSES, 2);
        for (long va : cached) {
            guest.space.translate(new Va(va));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        guest.close();
        uncachedTables.close();
    }

    @Benchmark
    public Translation cachedTranslation() {
        next = (next + 1) & (CACHED_ADDRESSES - 1);
        return guest.space.translate(new Va(cached[next]));
    }

    @Benchmark
    public Translation coldWalk() {
        next = (next + 1) & (WALKED_ADDRESSES - 1);
        return guest.space.walk(new Va(walked[next]));
    }

    @Benchmark
    public Translation walkReadingEveryTable() {
        next = (next + 1) & (WALKED_ADDRESSES - 1);
        return uncachedTables.space.walk(new Va(walked[next]));
    }
}
