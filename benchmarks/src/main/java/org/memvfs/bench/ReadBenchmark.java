package org.memvfs.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.ReadResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Sequential reads of 1 MiB at a time over a mapped range of a real guest (config A, kernel CR3),
 * through translation, against reading the same physical bytes from the image directly. The
 * range is the longest mapped run of 4 KiB pages (a translation every 4 KiB) or of 2 MiB pages.
 * Score: MiB per second (one operation reads 1 MiB).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {
    private static final int MIB = 1 << 20;

    @Param({"4096", "2097152"})
    public long pageSize;

    private GuestImage guest;
    private MappedRun run;
    private long[] physicalPages;
    private ByteBuffer buffer;
    private long offset;

    @Setup(Level.Trial)
    public void open() {
        guest = new GuestImage();
        run = guest.longestRun(pageSize);
        if (run == null || run.length() < MIB) {
            throw new IllegalStateException("no mapped run of at least 1 MiB of " + pageSize + "-byte pages");
        }
        physicalPages = new long[(int) (run.length() / 4096)];
        for (int i = 0; i < physicalPages.length; i++) {
            physicalPages[i] = guest.space.translate(run.start().plus(i * 4096L)).pa().orElseThrow().value();
        }
        buffer = ByteBuffer.allocateDirect(MIB);
        System.out.printf("%n[read] range %s + %d MiB of %d-byte pages%n", run.start(), run.length() >> 20, pageSize);
    }

    @TearDown(Level.Trial)
    public void close() {
        guest.close();
    }

    private long nextOffset() {
        long at = offset;
        offset = (offset + MIB) % (run.length() - run.length() % MIB);
        return at;
    }

    @Benchmark
    public ReadResult translatedRead() {
        buffer.clear();
        return guest.space.read(run.start().plus(nextOffset()), buffer);
    }

    /**
     * The same bytes read from the image at their physical addresses, no translation: one read
     * per physically contiguous piece, the most direct way the image gives them.
     */
    @Benchmark
    public int directRead() {
        buffer.clear();
        int first = (int) (nextOffset() / 4096);
        int end = first + MIB / 4096;
        for (int page = first; page < end; ) {
            int pieceEnd = page + 1;
            while (pieceEnd < end && physicalPages[pieceEnd] == physicalPages[pieceEnd - 1] + 4096) {
                pieceEnd++;
            }
            buffer.limit(buffer.position() + (pieceEnd - page) * 4096);
            guest.memory.read(new Pa(physicalPages[page]), buffer);
            page = pieceEnd;
        }
        return buffer.position();
    }
}
