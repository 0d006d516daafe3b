package org.memvfs.mmu.image;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Where the fields of a Windows crash dump header lie: {@code DUMP_HEADER64} (8 KiB, signature
 * {@code PAGEDU64}) and {@code DUMP_HEADER32} (4 KiB, {@code PAGEDUMP}), as the debugger headers
 * lay them out, and the bitmap header ({@code SDMP}/{@code FDMP} + {@code DUMP}) that bitmap dumps
 * put right after them. One value per layout, so that the reader and the writer share one table.
 *
 * @param headerBytes         the size of the header; a full dump's first page follows it
 * @param validDump           the second four signature bytes
 * @param pointerBytes        the size of pointer fields (8 or 4)
 * @param paeEnabled          offset of the {@code PaeEnabled} byte, or -1 where the header has none
 * @param memoryDescriptor    offset of {@code PhysicalMemoryBlockBuffer}: {@code NumberOfRuns} (4 bytes)
 * @param numberOfPages       offset of {@code NumberOfPages} in it
 * @param firstRun            offset of {@code Run[0]}; each run is {@code BasePage}, {@code PageCount}
 * @param maxRuns             how many runs fit before {@code ContextRecord}
 * @param comment             offset of the 128-byte {@code Comment}
 */
record CrashDumpLayout(String name, int headerBytes, String validDump, int pointerBytes, int directoryTableBase,
        int pfnDataBase, int psLoadedModuleList, int psActiveProcessHead, int machineImageType, int numberProcessors,
        int bugCheckCode, int kdDebuggerDataBlock, int paeEnabled, int memoryDescriptor, int numberOfPages, int firstRun,
        int maxRuns, int dumpType, int requiredDumpSpace, int systemTime, int comment) {

    /** DUMP_HEADER64: 0x2000 bytes; the descriptor's 704-byte buffer ends at ContextRecord (0x348). */
    static final CrashDumpLayout X64 = new CrashDumpLayout("64-bit", 0x2000, "DU64", 8, 0x10, 0x18, 0x20, 0x28, 0x30,
            0x34, 0x38, 0x80, -1, 0x88, 0x90, 0x98, (0x348 - 0x98) / 16, 0xf98, 0xfa0, 0xfa8, 0xfb0);
    /** DUMP_HEADER32: 0x1000 bytes; the descriptor's 700-byte buffer ends at ContextRecord (0x320). */
    static final CrashDumpLayout X86 = new CrashDumpLayout("32-bit", 0x1000, "DUMP", 4, 0x10, 0x14, 0x18, 0x1c, 0x20,
            0x24, 0x28, 0x60, 0x5c, 0x64, 0x68, 0x6c, (0x320 - 0x6c) / 8, 0xf88, 0xfa0, 0xfc0, 0x820);

    static final String SIGNATURE = "PAGE";
    /** MajorVersion of a free (retail) build; checked builds say 0xc. MinorVersion is the build number. */
    static final int MAJOR_VERSION_FREE = 0x0f;
    /** Windows fills the header with "PAGE" before writing the fields it knows. */
    static final int FILLER32 = 0x4547_4150;
    static final long FILLER64 = 0x4547_4150_4547_4150L;

    static final int DUMP_TYPE_FULL = 1;
    static final int DUMP_TYPE_SUMMARY = 2;
    static final int DUMP_TYPE_HEADER = 3;
    static final int DUMP_TYPE_TRIAGE = 4;
    static final int DUMP_TYPE_BITMAP_FULL = 5;
    static final int DUMP_TYPE_BITMAP_KERNEL = 6;

    /** The bitmap header after the dump header: signature, "DUMP", then FirstPage, TotalPresentPages, Pages, Bitmap. */
    static final String BITMAP_FULL = "FDMP";
    static final String BITMAP_KERNEL = "SDMP";
    static final String BITMAP_VALID = "DUMP";
    static final int BITMAP_FIRST_PAGE = 0x20;
    static final int BITMAP_PRESENT_PAGES = 0x28;
    static final int BITMAP_PAGES = 0x30;
    static final int BITMAP_BITS = 0x38;

    static final int PAGE = 4096;
    static final int PAGE_SHIFT = 12;

    /** FILETIME of 1970-01-01: 100 ns ticks since 1601. */
    private static final long UNIX_EPOCH_FILETIME = 116_444_736_000_000_000L;
    private static final long TICKS_PER_SECOND = 10_000_000L;

    byte[] signature() {
        return (SIGNATURE + validDump).getBytes(StandardCharsets.US_ASCII);
    }

    static Instant fromFiletime(long filetime) {
        long ticks = filetime - UNIX_EPOCH_FILETIME;
        return Instant.ofEpochSecond(Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
    }

    static long toFiletime(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), TICKS_PER_SECOND), time.getNano() / 100)
                + UNIX_EPOCH_FILETIME;
    }
}
