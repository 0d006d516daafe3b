package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * A 64-bit Windows full crash dump ({@code PAGEDU64}, DumpType 1) of any physical memory, as
 * WinDbg and Volatility open it: the 0x2000-byte {@code DUMP_HEADER64} with the given hints in its
 * fields, then the pages of each run. It is a view — the header is made once, pages are read from
 * the source when asked — so that {@code memory.dmp} can be served from it without a copy, and
 * {@link #writeTo} writes it out whole.
 *
 * <p>A run starts and ends on a page; the header holds at most 43 runs, so when the source has
 * more ranges the runs are joined across their smallest gaps, whose bytes are then zeros in the
 * dump (and reported absent by {@link #read}). Fields the hints leave unknown keep the
 * {@code PAGE} filler Windows itself leaves, except MachineImageType (x86-64) and
 * NumberProcessors (1), which debuggers need. BugCheckCode is LIVE_SYSTEM_DUMP (0x161), as for
 * any dump taken of a running system.
 */
public final class CrashDumpWriter {
    private static final CrashDumpLayout LAYOUT = CrashDumpLayout.X64;
    private static final int PAGE = CrashDumpLayout.PAGE;
    private static final int LIVE_SYSTEM_DUMP = 0x161;
    private static final int CONTEXT_RECORD = 0x348;
    private static final int EXCEPTION_RECORD_END = 0xf98;
    private static final int WRITE_CHUNK = 1 << 20;

    private final PhysicalMemory source;
    private final byte[] header;
    private final List<PhysicalRange> runs;
    /** File offset of each run's first byte, ascending. */
    private final long[] runOffsets;
    private final long size;

    private CrashDumpWriter(PhysicalMemory source, DumpHints hints) {
        this.source = source;
        this.runs = runsOf(source.ranges());
        this.runOffsets = new long[runs.size()];
        long offset = LAYOUT.headerBytes();
        for (int i = 0; i < runs.size(); i++) {
            runOffsets[i] = offset;
            offset += runs.get(i).length();
        }
        this.size = offset;
        this.header = header(hints == null ? DumpHints.NONE : hints);
    }

    /** The dump of {@code source} with {@code hints} (null for none) in its header. */
    public static CrashDumpWriter of(PhysicalMemory source, DumpHints hints) {
        return new CrashDumpWriter(source, hints);
    }

    /** The dump's size in bytes: the header and every run's pages. */
    public long size() {
        return size;
    }

    /** The physical runs the dump holds, in file order: page-aligned, at most 43. */
    public List<PhysicalRange> runs() {
        return runs;
    }

    /**
     * Fills {@code dst} with the dump's bytes from {@code offset} on, up to its limit or the dump's
     * end, and advances its position. Bytes of pages the source lacks are zeros and reported absent.
     *
     * @return what was read; shorter than {@code dst.remaining()} at the dump's end
     */
    public ReadResult read(long offset, ByteBuffer dst) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int total = (int) Math.max(0, Math.min(dst.remaining(), size - offset));
        int limit = dst.limit();
        ReadResult.Builder absent = new ReadResult.Builder();
        int done = 0;
        try {
            while (done < total) {
                long at = offset + done;
                int n;
                if (at < header.length) {
                    n = (int) Math.min(total - done, header.length - at);
                    dst.put(header, (int) at, n);
                } else {
                    int i = Arrays.binarySearch(runOffsets, at);
                    i = i >= 0 ? i : -i - 2;
                    PhysicalRange run = runs.get(i);
                    long into = at - runOffsets[i];
                    n = (int) Math.min(total - done, run.length() - into);
                    dst.limit(dst.position() + n);
                    absent.add(done, source.read(run.start().plus(into), dst));
                    dst.limit(limit);
                }
                done += n;
            }
        } finally {
            dst.limit(limit);
        }
        return absent.build(total);
    }

    /** Writes the whole dump to {@code file}, replacing what was there. */
    public void writeTo(Path file) {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(WRITE_CHUNK);
            for (long at = 0; at < size; ) {
                chunk.clear();
                read(at, chunk);
                chunk.flip();
                while (chunk.hasRemaining()) {
                    at += out.write(chunk, at);
                }
            }
        } catch (IOException e) {
            throw new ImageIoException("cannot write the crash dump", file, 0, e);
        }
    }

    /** Whole pages around every range, touching ones joined, then joined across the smallest gaps until they fit. */
    static List<PhysicalRange> runsOf(List<PhysicalRange> ranges) {
        List<long[]> spans = new ArrayList<>();
        for (PhysicalRange range : ranges) {
            long start = range.start().value() & -PAGE;
            long end = (range.end().value() + PAGE - 1) & -PAGE;
            long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && start <= last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                spans.add(new long[] {start, end});
            }
        }
        while (spans.size() > LAYOUT.maxRuns()) {
            int smallest = 1;
            for (int i = 2; i < spans.size(); i++) {
                if (spans.get(i)[0] - spans.get(i - 1)[1] < spans.get(smallest)[0] - spans.get(smallest - 1)[1]) {
                    smallest = i;
                }
            }
            spans.get(smallest - 1)[1] = spans.get(smallest)[1];
            spans.remove(smallest);
        }
        return spans.stream().map(s -> new PhysicalRange(new Pa(s[0]), s[1] - s[0])).toList();
    }

    private byte[] header(DumpHints hints) {
        ByteBuffer h = ByteBuffer.allocate(LAYOUT.headerBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < h.capacity(); i += 4) {
            h.putInt(i, CrashDumpLayout.FILLER32);
        }
        h.put(0, LAYOUT.signature());
        h.putInt(8, CrashDumpLayout.MAJOR_VERSION_FREE);
        if (hints.buildNumber() != null) {
            h.putInt(0x0c, hints.buildNumber());
        }
        if (hints.directoryTableBase() != null) {
            h.putLong(LAYOUT.directoryTableBase(), hints.directoryTableBase().value());
        }
        if (hints.pfnDatabase() != null) {
            h.putLong(LAYOUT.pfnDataBase(), hints.pfnDatabase().value());
        }
        if (hints.psLoadedModuleList() != null) {
            h.putLong(LAYOUT.psLoadedModuleList(), hints.psLoadedModuleList().value());
        }
        if (hints.psActiveProcessHead() != null) {
            h.putLong(LAYOUT.psActiveProcessHead(), hints.psActiveProcessHead().value());
        }
        h.putInt(LAYOUT.machineImageType(), hints.machineImageType() != null ? hints.machineImageType() : DumpHints.MACHINE_AMD64);
        h.putInt(LAYOUT.numberProcessors(), hints.numberProcessors() != null ? hints.numberProcessors() : 1);
        h.putInt(LAYOUT.bugCheckCode(), LIVE_SYSTEM_DUMP);
        for (int at = LAYOUT.bugCheckCode() + 4; at < 0x60; at += 4) {
            h.putInt(at, 0);
        }
        if (hints.kdDebuggerDataBlock() != null) {
            h.putLong(LAYOUT.kdDebuggerDataBlock(), hints.kdDebuggerDataBlock().value());
        }
        for (int at = LAYOUT.memoryDescriptor(); at < CONTEXT_RECORD; at += 4) {
            h.putInt(at, 0);
        }
        h.putInt(LAYOUT.memoryDescriptor(), runs.size());
        long pages = 0;
        for (int i = 0; i < runs.size(); i++) {
            PhysicalRange run = runs.get(i);
            h.putLong(LAYOUT.firstRun() + 16 * i, run.start().value() / PAGE);
            h.putLong(LAYOUT.firstRun() + 16 * i + 8, run.length() / PAGE);
            pages += run.length() / PAGE;
        }
        h.putLong(LAYOUT.numberOfPages(), pages);
        // no CPU context or exception is known: zeros read better in a debugger than the filler
        for (int at = CONTEXT_RECORD; at < EXCEPTION_RECORD_END; at += 4) {
            h.putInt(at, 0);
        }
        h.putInt(LAYOUT.dumpType(), CrashDumpLayout.DUMP_TYPE_FULL);
        h.putInt(LAYOUT.dumpType() + 4, 0);
        h.putLong(LAYOUT.requiredDumpSpace(), size);
        if (hints.systemTime() != null) {
            h.putLong(LAYOUT.systemTime(), CrashDumpLayout.toFiletime(hints.systemTime()));
        }
        byte[] comment = new byte[128];
        byte[] text = "memvfs".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, comment, 0, text.length);
        h.put(LAYOUT.comment(), comment);
        return h.array();
    }
}
