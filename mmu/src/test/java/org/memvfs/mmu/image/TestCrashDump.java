package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.Va;

/**
 * Writes Windows crash dumps of any page-aligned physical memory for tests: 64-bit
 * ({@code DUMP_HEADER64}, 0x2000 bytes) and 32-bit ({@code DUMP_HEADER32}, 0x1000 bytes), full
 * (a run per range) or bitmap (FDMP/SDMP). Offsets are written out here from the published
 * layouts rather than taken from the reader, so that a wrong offset on one side shows.
 */
public final class TestCrashDump {
    /** DumpType values. */
    public static final int FULL = 1;
    public static final int SUMMARY = 2;
    public static final int BITMAP_FULL = 5;
    public static final int BITMAP_KERNEL = 6;

    private static final int PAGE = 4096;

    private final PhysicalMemory source;
    private final boolean is64;
    private final int dumpType;
    private DumpHints hints = DumpHints.NONE;

    private TestCrashDump(PhysicalMemory source, boolean is64, int dumpType) {
        this.source = source;
        this.is64 = is64;
        this.dumpType = dumpType;
    }

    public static TestCrashDump of64(PhysicalMemory source, int dumpType) {
        return new TestCrashDump(source, true, dumpType);
    }

    public static TestCrashDump of32(PhysicalMemory source, int dumpType) {
        return new TestCrashDump(source, false, dumpType);
    }

    /** Typical hints of a Windows 10 x64 kernel. */
    public static DumpHints windows10Hints() {
        return new DumpHints(new Pa(0x1ad000), new Va(0xfffff8034a01f0e0L), new Va(0xfffff8034a02a2f0L),
                new Va(0xfffff8034a000b20L), new Va(0xffffe50000000000L), DumpHints.MACHINE_AMD64, 2,
                Instant.parse("2024-03-01T12:34:56.789Z"), 19041, null);
    }

    public TestCrashDump hints(DumpHints newHints) {
        this.hints = newHints;
        return this;
    }

    /** Where the dump's first page lies for a full dump: right after the header. */
    public int headerBytes() {
        return is64 ? 0x2000 : 0x1000;
    }

    public byte[] build() {
        List<long[]> runs = new ArrayList<>();
        long pages = 0;
        for (PhysicalRange range : source.ranges()) {
            if (range.start().value() % PAGE != 0 || range.length() % PAGE != 0) {
                throw new IllegalArgumentException("crash dumps hold whole pages, not " + range);
            }
            runs.add(new long[] {range.start().value() / PAGE, range.length() / PAGE});
            pages += range.length() / PAGE;
        }
        ByteBuffer header = header(runs, pages);
        if (dumpType == FULL) {
            ByteBuffer out = ByteBuffer.allocate((int) (headerBytes() + pages * PAGE)).order(ByteOrder.LITTLE_ENDIAN);
            out.put(header.array());
            for (PhysicalRange range : source.ranges()) {
                out.put(read(range.start().value(), (int) range.length()));
            }
            out.putLong(is64 ? 0xfa0 : 0xfa0, out.capacity());
            return out.array();
        }
        long bits = (source.size() + PAGE - 1) / PAGE;
        int bitmapBytes = (int) ((bits + 7) / 8);
        int firstPage = (headerBytes() + 0x38 + bitmapBytes + PAGE - 1) / PAGE * PAGE;
        ByteBuffer out = ByteBuffer.allocate((int) (firstPage + pages * PAGE)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header.array());
        int at = headerBytes();
        out.put(at, ascii(dumpType == BITMAP_FULL ? "FDMPDUMP" : "SDMPDUMP"));
        out.putLong(at + 0x20, firstPage).putLong(at + 0x28, pages).putLong(at + 0x30, bits);
        int data = firstPage;
        for (PhysicalRange range : source.ranges()) {
            for (long pfn = range.start().value() / PAGE; pfn < range.end().value() / PAGE; pfn++) {
                int bitmapByte = at + 0x38 + (int) (pfn / 8);
                out.put(bitmapByte, (byte) (out.get(bitmapByte) | (1 << (pfn % 8))));
                out.put(data, read(pfn * PAGE, PAGE));
                data += PAGE;
            }
        }
        out.putLong(0xfa0, out.capacity());
        return out.array();
    }

    private byte[] read(long pa, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        source.read(new Pa(pa), buffer);
        return buffer.array();
    }

    private ByteBuffer header(List<long[]> runs, long pages) {
        ByteBuffer h = ByteBuffer.allocate(headerBytes()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] filler = ascii("PAGE");
        for (int i = 0; i < h.capacity(); i += 4) {
            h.put(i, filler);
        }
        h.put(0, ascii(is64 ? "PAGEDU64" : "PAGEDUMP"));
        h.putInt(8, 0xf);
        if (hints.buildNumber() != null) {
            h.putInt(0xc, hints.buildNumber());
        }
        if (is64) {
            putPointer(h, 0x10, hints.directoryTableBase() == null ? null : hints.directoryTableBase().value());
            putPointer(h, 0x18, value(hints.pfnDatabase()));
            putPointer(h, 0x20, value(hints.psLoadedModuleList()));
            putPointer(h, 0x28, value(hints.psActiveProcessHead()));
            putInt(h, 0x30, hints.machineImageType());
            putInt(h, 0x34, hints.numberProcessors());
            h.putInt(0x38, 0x161);
            putPointer(h, 0x80, value(hints.kdDebuggerDataBlock()));
            h.putInt(0x88, runs.size()).putInt(0x8c, 0).putLong(0x90, pages);
            for (int i = 0; i < runs.size(); i++) {
                h.putLong(0x98 + 16 * i, runs.get(i)[0]).putLong(0x98 + 16 * i + 8, runs.get(i)[1]);
            }
            h.putInt(0xf98, dumpType);
            if (hints.systemTime() != null) {
                h.putLong(0xfa8, filetime(hints.systemTime()));
            }
        } else {
            putPointer(h, 0x10, hints.directoryTableBase() == null ? null : hints.directoryTableBase().value());
            putPointer(h, 0x14, value(hints.pfnDatabase()));
            putPointer(h, 0x18, value(hints.psLoadedModuleList()));
            putPointer(h, 0x1c, value(hints.psActiveProcessHead()));
            putInt(h, 0x20, hints.machineImageType());
            putInt(h, 0x24, hints.numberProcessors());
            h.putInt(0x28, 0x161);
            if (hints.paeEnabled() != null) {
                h.put(0x5c, (byte) (hints.paeEnabled() ? 1 : 0));
            }
            putPointer(h, 0x60, value(hints.kdDebuggerDataBlock()));
            h.putInt(0x64, runs.size()).putInt(0x68, (int) pages);
            for (int i = 0; i < runs.size(); i++) {
                h.putInt(0x6c + 8 * i, (int) runs.get(i)[0]).putInt(0x6c + 8 * i + 4, (int) runs.get(i)[1]);
            }
            h.putInt(0xf88, dumpType);
            if (hints.systemTime() != null) {
                h.putLong(0xfc0, filetime(hints.systemTime()));
            }
        }
        return h;
    }

    private static Long value(Va va) {
        return va == null ? null : va.value();
    }

    private void putPointer(ByteBuffer h, int at, Long value) {
        if (value == null) {
            return;
        }
        if (is64) {
            h.putLong(at, value);
        } else {
            h.putInt(at, (int) (long) value);
        }
    }

    private static void putInt(ByteBuffer h, int at, Integer value) {
        if (value != null) {
            h.putInt(at, value);
        }
    }

    static long filetime(Instant time) {
        return time.getEpochSecond() * 10_000_000L + time.getNano() / 100 + 116_444_736_000_000_000L;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
