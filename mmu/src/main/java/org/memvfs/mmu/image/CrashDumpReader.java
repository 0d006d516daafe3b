package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/**
 * Reads a Windows kernel crash dump: 64-bit ({@code PAGEDU64}) and 32-bit ({@code PAGEDUMP}),
 * full dumps whose physical memory follows the header as the runs of its
 * {@code PHYSICAL_MEMORY_DESCRIPTOR}, and bitmap dumps (full and kernel) whose pages follow a
 * page-per-bit bitmap in bitmap order. The header's DirectoryTableBase, list heads, KDBG address
 * and the rest become {@link DumpHints}. Pages a kernel dump left out read as absent.
 */
final class CrashDumpReader {
    static final byte[] MAGIC64 = CrashDumpLayout.X64.signature();
    static final byte[] MAGIC32 = CrashDumpLayout.X86.signature();

    private final FileBytes file;
    private final CrashDumpLayout layout;
    private ByteBuffer header;

    private CrashDumpReader(FileBytes file, CrashDumpLayout layout) {
        this.file = file;
        this.layout = layout;
    }

    static SegmentedMemory open(FileBytes file) {
        ByteBuffer head = ByteBuffer.allocate(8);
        if (file.size() < 8) {
            throw new ImageFormatException("a file of " + file.size() + " bytes is too short for a crash dump signature",
                    file.path(), 0);
        }
        file.read(0, head);
        CrashDumpLayout layout;
        if (head.flip().equals(ByteBuffer.wrap(MAGIC64))) {
            layout = CrashDumpLayout.X64;
        } else if (head.equals(ByteBuffer.wrap(MAGIC32))) {
            layout = CrashDumpLayout.X86;
        } else {
            throw new ImageFormatException("signature '" + ascii(head, 0, 8) + "' is neither PAGEDU64 nor PAGEDUMP:"
                    + " not a Windows crash dump", file.path(), 0);
        }
        return new CrashDumpReader(file, layout).read();
    }

    private ImageFormatException bad(String what, long offset) {
        return new ImageFormatException(what, file.path(), offset);
    }

    private SegmentedMemory read() {
        if (file.size() < layout.headerBytes()) {
            throw bad("the " + layout.name() + " crash dump header needs " + Hex.of(layout.headerBytes()) + " bytes but the file has "
                    + Hex.of(file.size()) + ": the dump is truncated", 0);
        }
        header = ByteBuffer.allocate(layout.headerBytes()).order(ByteOrder.LITTLE_ENDIAN);
        file.read(0, header);
        header.flip();
        DumpHints hints = hints();
        int dumpType = header.getInt(layout.dumpType());
        List<Segment> segments;
        String kind;
        switch (dumpType) {
            case CrashDumpLayout.DUMP_TYPE_FULL -> {
                segments = runs();
                kind = "full dump, " + segments.size() + " run" + (segments.size() == 1 ? "" : "s");
            }
            case CrashDumpLayout.DUMP_TYPE_SUMMARY, CrashDumpLayout.DUMP_TYPE_BITMAP_FULL,
                    CrashDumpLayout.DUMP_TYPE_BITMAP_KERNEL -> {
                BitmapResult bitmap = bitmap();
                segments = bitmap.segments();
                kind = bitmap.kind() + " bitmap dump, " + bitmap.pages() + " pages";
            }
            case CrashDumpLayout.DUMP_TYPE_HEADER, CrashDumpLayout.DUMP_TYPE_TRIAGE -> throw bad("dump type " + dumpType
                    + " (" + (dumpType == CrashDumpLayout.DUMP_TYPE_HEADER ? "header only" : "triage")
                    + ") holds no physical memory to read", layout.dumpType());
            default -> throw bad("dump type " + Integer.toUnsignedLong(dumpType) + " is not one memvfs reads (1 full, 2 kernel"
                    + " summary, 5 full bitmap, 6 kernel bitmap)", layout.dumpType());
        }
        StringBuilder description = new StringBuilder("Windows crash dump ").append(file.path()).append(" (")
                .append(layout.name()).append(' ').append(kind);
        if (hints.buildNumber() != null) {
            description.append(", build ").append(hints.buildNumber());
        }
        if (hints.numberProcessors() != null) {
            description.append(", ").append(hints.numberProcessors()).append(" CPU")
                    .append(hints.numberProcessors() == 1 ? "" : "s");
        }
        description.append(')');
        return new SegmentedMemory("crash-dump", description.toString(), file, segments, List.of(), hints);
    }

    // ---- hints ----

    private DumpHints hints() {
        Long dtb = pointer(layout.directoryTableBase());
        Long time = header.getLong(layout.systemTime());
        Integer build = u32(0x0c);
        Integer pae = layout.paeEnabled() < 0 ? null : Byte.toUnsignedInt(header.get(layout.paeEnabled()));
        return new DumpHints(
                dtb == null ? null : new Pa(dtb),
                va(pointer(layout.psActiveProcessHead())),
                va(pointer(layout.psLoadedModuleList())),
                va(pointer(layout.kdDebuggerDataBlock())),
                va(pointer(layout.pfnDataBase())),
                u32(layout.machineImageType()),
                u32(layout.numberProcessors()),
                time == 0 || time == CrashDumpLayout.FILLER64 || time < 0 ? null : CrashDumpLayout.fromFiletime(time),
                build,
                pae == null || pae == 'P' ? null : pae != 0);
    }

    private static Va va(Long value) {
        return value == null ? null : new Va(value);
    }

    /** A pointer field, zero-extended on 32-bit; null when zero or never filled in. */
    private Long pointer(int offset) {
        long value = layout.pointerBytes() == 8 ? header.getLong(offset) : Integer.toUnsignedLong(header.getInt(offset));
        if (value == 0 || value == CrashDumpLayout.FILLER64 || value == CrashDumpLayout.FILLER32) {
            return null;
        }
        return value;
    }

    private Integer u32(int offset) {
        int value = header.getInt(offset);
        return value == CrashDumpLayout.FILLER32 ? null : value;
    }

    // ---- full dumps ----

    private List<Segment> runs() {
        long count = Integer.toUnsignedLong(header.getInt(layout.memoryDescriptor()));
        if (count == Integer.toUnsignedLong(CrashDumpLayout.FILLER32)) {
            throw bad("NumberOfRuns reads 'PAGE': the physical memory descriptor was never filled in",
                    layout.memoryDescriptor());
        }
        if (count == 0 || count > layout.maxRuns()) {
            throw bad("NumberOfRuns " + count + " is not between 1 and the " + layout.maxRuns() + " runs the header holds",
                    layout.memoryDescriptor());
        }
        long declaredPages = layout.pointerBytes() == 8 ? header.getLong(layout.numberOfPages())
                : Integer.toUnsignedLong(header.getInt(layout.numberOfPages()));
        int runBytes = 2 * layout.pointerBytes();
        long maxPages = (file.size() - layout.headerBytes()) / CrashDumpLayout.PAGE;
        List<Segment> segments = new ArrayList<>();
        long pages = 0;
        for (int i = 0; i < count; i++) {
            int at = layout.firstRun() + i * runBytes;
            long base = layout.pointerBytes() == 8 ? header.getLong(at) : Integer.toUnsignedLong(header.getInt(at));
            long length = layout.pointerBytes() == 8 ? header.getLong(at + 8) : Integer.toUnsignedLong(header.getInt(at + 4));
            if (base < 0 || base > (Long.MAX_VALUE >>> CrashDumpLayout.PAGE_SHIFT)
                    || length < 0 || length > maxPages - pages) {
                throw bad("run " + i + " (BasePage " + Hex.of(base) + ", PageCount " + Hex.of(length) + ") ends past the "
                        + maxPages + " pages the file holds after its header: the dump is truncated or the run is corrupt", at);
            }
            segments.add(new Segment(base << CrashDumpLayout.PAGE_SHIFT, length << CrashDumpLayout.PAGE_SHIFT,
                    layout.headerBytes() + (pages << CrashDumpLayout.PAGE_SHIFT), at));
            pages += length;
        }
        if (declaredPages != pages) {
            throw bad("NumberOfPages " + declaredPages + " differs from the " + pages + " pages of the " + count
                    + " runs: the run count or a run is wrong", layout.numberOfPages());
        }
        return segments;
    }

    // ---- bitmap dumps ----

    private record BitmapResult(String kind, long pages, List<Segment> segments) {
    }

    private BitmapResult bitmap() {
        long at = layout.headerBytes();
        if (file.size() - at < CrashDumpLayout.BITMAP_BITS) {
            throw bad("the bitmap header after the crash dump header is cut off: the dump is truncated", at);
        }
        ByteBuffer bitmapHeader = ByteBuffer.allocate(CrashDumpLayout.BITMAP_BITS).order(ByteOrder.LITTLE_ENDIAN);
        file.read(at, bitmapHeader);
        String signature = ascii(bitmapHeader, 0, 4);
        String valid = ascii(bitmapHeader, 4, 4);
        if (!(signature.equals(CrashDumpLayout.BITMAP_FULL) || signature.equals(CrashDumpLayout.BITMAP_KERNEL))
                || !valid.equals(CrashDumpLayout.BITMAP_VALID)) {
            throw bad("dump type " + header.getInt(layout.dumpType()) + " needs a bitmap header (SDMPDUMP or FDMPDUMP), not '"
                    + signature + valid + "'", at);
        }
        long firstPage = bitmapHeader.getLong(CrashDumpLayout.BITMAP_FIRST_PAGE);
        long presentPages = bitmapHeader.getLong(CrashDumpLayout.BITMAP_PRESENT_PAGES);
        long bits = bitmapHeader.getLong(CrashDumpLayout.BITMAP_PAGES);
        long bitmapAt = at + CrashDumpLayout.BITMAP_BITS;
        long room = file.size() - bitmapAt;
        if (bits <= 0 || bits > room * 8 || bits > PageBitmap.MAX_BITS) {
            throw bad("the bitmap's page count " + bits + " needs " + Hex.of((bits + 7) / 8) + " bytes of bitmap, but "
                    + Hex.of(Math.max(0, room)) + " bytes follow its header", at + CrashDumpLayout.BITMAP_PAGES);
        }
        long bitmapEnd = bitmapAt + (bits + 7) / 8;
        if (firstPage < bitmapEnd || firstPage > file.size()) {
            throw bad("FirstPage " + Hex.of(firstPage) + " does not lie between the bitmap's end (" + Hex.of(bitmapEnd)
                    + ") and the file's end (" + Hex.of(file.size()) + ")", at + CrashDumpLayout.BITMAP_FIRST_PAGE);
        }
        PageBitmap bitmap = PageBitmap.read(file, bitmapAt, bits, "the page bitmap (Pages at " + Hex.of(at + 0x30) + ")");
        if (bitmap.count() != presentPages) {
            throw bad("TotalPresentPages " + presentPages + " differs from the " + bitmap.count() + " pages the bitmap marks",
                    at + CrashDumpLayout.BITMAP_PRESENT_PAGES);
        }
        long stored = (file.size() - firstPage) / CrashDumpLayout.PAGE;
        if (bitmap.count() > stored) {
            throw bad("the bitmap marks " + bitmap.count() + " pages but the file holds only " + stored + " after FirstPage "
                    + Hex.of(firstPage) + ": the dump is truncated", at + CrashDumpLayout.BITMAP_PRESENT_PAGES);
        }
        List<Segment> segments = new ArrayList<>();
        long[] storedBefore = {0};
        bitmap.forEachRun((first, end) -> {
            segments.add(new Segment(first << CrashDumpLayout.PAGE_SHIFT, (end - first) << CrashDumpLayout.PAGE_SHIFT,
                    firstPage + (storedBefore[0] << CrashDumpLayout.PAGE_SHIFT), bitmapAt + first / 8));
            storedBefore[0] += end - first;
        });
        String kind = signature.equals(CrashDumpLayout.BITMAP_FULL) ? "full" : "kernel";
        return new BitmapResult(kind, bitmap.count(), segments);
    }

    private static String ascii(ByteBuffer buffer, int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }
}
