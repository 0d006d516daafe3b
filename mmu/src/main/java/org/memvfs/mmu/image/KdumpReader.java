package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;

/**
 * Reads the headers of a kdump-compressed dump (makedumpfile's diskdump format, as QEMU's
 * {@code dump-guest-memory -z} writes it), flattened or not: block 0 is {@code disk_dump_header}
 * (signature {@code KDUMP   }, header version, utsname, timestamp, status, block size, the sizes
 * in blocks of the sub-header and of the bitmaps, max_mapnr, nr_cpus); block 1 on is
 * {@code kdump_sub_header} (max_mapnr_64 from version 6, the ELF notes from version 4); then the
 * 1st bitmap (pages that exist) and the 2nd (pages dumped), each half of {@code bitmap_blocks};
 * then one page descriptor per dumped page. The layout of the 32-bit header differs after the
 * utsname; which one applies follows from utsname.machine. Fields are in the dumped machine's
 * byte order.
 */
final class KdumpReader {
    static final byte[] SIGNATURE = "KDUMP   ".getBytes(StandardCharsets.US_ASCII);
    private static final int UTS_FIELD = 65;
    private static final int UTS_AT = 12;
    private static final int MACHINE_AT = UTS_AT + 4 * UTS_FIELD;
    private static final Pattern MACHINE_32 = Pattern.compile("i[3-6]86|arm(?!64).*|ppc|powerpc|mips|mipsel|s390|sparc|sh.*");
    private static final int MIN_BLOCK = 1 << 10;
    private static final int MAX_BLOCK = 1 << 20;
    private static final int MAX_NOTE_BYTES = 64 << 20;
    private static final int MAX_HEADER_VERSION = 100;

    /** Offsets of the 64-bit and the 32-bit layout, after the common signature, version and utsname. */
    private record Layout(String name, int timestampSeconds, int timestampWidth, int status, int headerBytes,
            int subMaxMapnr64, int subOffsetNote, int subSizeNote, int subNoteSizeWidth, int subBytes) {
    }

    private static final Layout L64 = new Layout("64-bit", 408, 8, 424, 464, 96, 48, 56, 8, 104);
    private static final Layout L32 = new Layout("32-bit", 404, 4, 412, 452, 72, 32, 40, 4, 80);

    private final FileBytes file;
    private final boolean flattened;
    private ByteOrder order;

    private KdumpReader(FileBytes file, boolean flattened) {
        this.file = file;
        this.flattened = flattened;
    }

    /** Opens a kdump-compressed dump, flattened or not; the memory owns {@code raw}. */
    static KdumpMemory open(FileBytes raw) {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(32, raw.size()));
        raw.read(0, head);
        boolean flattened = FlattenedFileBytes.isFlattened(head.flip());
        FileBytes file = flattened ? FlattenedFileBytes.of(raw) : raw;
        return new KdumpReader(file, flattened).read();
    }

    private ImageFormatException bad(String what, long offset) {
        return new ImageFormatException(what, file.path(), offset);
    }

    private ByteBuffer bytes(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > file.size() - length) {
            throw bad(what + " (" + Hex.of(length) + " bytes at " + Hex.of(offset) + ") lies past the end of the dump ("
                    + Hex.of(file.size()) + " bytes): it is truncated", offset);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
        file.read(offset, buffer);
        return buffer.flip();
    }

    private KdumpMemory read() {
        ByteBuffer start = bytes(0, MACHINE_AT + UTS_FIELD, "the disk_dump_header");
        if (!start.slice(0, SIGNATURE.length).equals(ByteBuffer.wrap(SIGNATURE))) {
            throw bad("signature '" + text(start, 0, 8) + "' is not 'KDUMP   ': not a kdump-compressed dump", 0);
        }
        int version = byteOrder(start);
        String machine = text(start, MACHINE_AT, UTS_FIELD);
        String release = text(start, UTS_AT + 2 * UTS_FIELD, UTS_FIELD);
        Layout layout = MACHINE_32.matcher(machine).matches() ? L32 : L64;
        ByteBuffer header = bytes(0, layout.headerBytes(), "the " + layout.name() + " disk_dump_header");
        int status = header.getInt(layout.status());
        long blockSize = Integer.toUnsignedLong(header.getInt(layout.status() + 4));
        long subBlocks = Integer.toUnsignedLong(header.getInt(layout.status() + 8));
        long bitmapBlocks = Integer.toUnsignedLong(header.getInt(layout.status() + 12));
        long maxMapnr = Integer.toUnsignedLong(header.getInt(layout.status() + 16));
        long cpuCount = Integer.toUnsignedLong(header.getInt(layout.status() + 36));
        if (blockSize < MIN_BLOCK || blockSize > MAX_BLOCK || Long.bitCount(blockSize) != 1) {
            throw bad("block_size " + blockSize + " is not a power of two from " + MIN_BLOCK + " to " + MAX_BLOCK,
                    layout.status() + 4);
        }
        int unsupported = status & (KdumpMemory.COMPRESSED_LZO | KdumpMemory.COMPRESSED_SNAPPY | KdumpMemory.COMPRESSED_ZSTD);
        if (unsupported != 0) {
            throw bad("the dump's pages are compressed with " + KdumpMemory.compressionName(unsupported) + " (status "
                    + Hex.of(Integer.toUnsignedLong(status)) + "), which memvfs does not read: only zlib and raw pages;"
                    + " makedumpfile -c writes zlib", layout.status());
        }
        if (bitmapBlocks == 0 || bitmapBlocks % 2 != 0) {
            throw bad("bitmap_blocks " + bitmapBlocks + " is not an even, non-zero count of blocks for the two bitmaps",
                    layout.status() + 12);
        }
        long bitmapsAt = (1 + subBlocks) * blockSize;
        long descriptorsAt = (1 + subBlocks + bitmapBlocks) * blockSize;
        if (subBlocks > file.size() / blockSize || bitmapBlocks > file.size() / blockSize || descriptorsAt > file.size()) {
            throw bad("the sub-header (" + subBlocks + " blocks) and bitmaps (" + bitmapBlocks + " blocks) of "
                    + blockSize + " bytes end past the end of the dump (" + Hex.of(file.size()) + " bytes): it is truncated",
                    layout.status() + 8);
        }
        ByteBuffer sub = bytes(blockSize, Math.min(layout.subBytes(), subBlocks * blockSize), "the kdump_sub_header");
        if (version >= 6 && sub.limit() >= layout.subMaxMapnr64() + 8) {
            maxMapnr = sub.getLong(layout.subMaxMapnr64());
        }
        long halfBits = bitmapBlocks * blockSize / 2 * 8;
        if (maxMapnr <= 0 || maxMapnr > halfBits) {
            throw bad("max_mapnr " + maxMapnr + " is not between 1 and the " + halfBits + " pages each bitmap covers",
                    version >= 6 ? blockSize + layout.subMaxMapnr64() : layout.status() + 16);
        }
        PageBitmap dumped = PageBitmap.read(file, bitmapsAt + bitmapBlocks * blockSize / 2, maxMapnr,
                "the 2nd bitmap (dumped pages)");
        long descriptorBytes = dumped.count() * KdumpMemory.DESCRIPTOR_BYTES;
        if (descriptorBytes > file.size() - descriptorsAt) {
            throw bad("the 2nd bitmap marks " + dumped.count() + " pages, whose descriptors (" + Hex.of(descriptorBytes)
                    + " bytes at " + Hex.of(descriptorsAt) + ") run past the end of the dump (" + Hex.of(file.size())
                    + " bytes): it is truncated", descriptorsAt);
        }
        List<CpuState> cpus = version >= 4 ? notes(sub, layout, machine) : List.of();
        DumpHints hints = DumpHints.NONE.withMachine(machineType(machine), cpuCount > 0 ? (int) cpuCount : null)
                .withSystemTime(timestamp(header, layout));
        String description = "kdump-compressed dump " + file.path() + " (" + (flattened ? "flattened, " : "")
                + (machine.isEmpty() ? "" : machine + ", ") + (release.isEmpty() ? "" : "Linux " + release + ", ")
                + dumped.count() + " of " + maxMapnr + " pages dumped, "
                + ((status & KdumpMemory.COMPRESSED_ZLIB) != 0 ? "zlib" : "uncompressed")
                + (cpus.isEmpty() ? "" : ", " + cpus.size() + " CPU" + (cpus.size() == 1 ? "" : "s") + " with registers")
                + ")";
        return new KdumpMemory(description, file, (int) blockSize, dumped, descriptorsAt, order, cpus, hints);
    }

    /** Decides the byte order from the header version, a small number either way; returns the version. */
    private int byteOrder(ByteBuffer start) {
        int little = start.order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        int big = start.order(ByteOrder.BIG_ENDIAN).getInt(8);
        if (little > 0 && little <= MAX_HEADER_VERSION) {
            order = ByteOrder.LITTLE_ENDIAN;
            return little;
        }
        if (big > 0 && big <= MAX_HEADER_VERSION) {
            order = ByteOrder.BIG_ENDIAN;
            return big;
        }
        throw bad("header_version " + Integer.toUnsignedLong(little) + " is not a version from 1 to " + MAX_HEADER_VERSION
                + " in either byte order", 8);
    }

    private List<CpuState> notes(ByteBuffer sub, Layout layout, String machine) {
        if (sub.limit() < layout.subSizeNote() + layout.subNoteSizeWidth()) {
            return List.of();
        }
        long offset = sub.getLong(layout.subOffsetNote());
        long size = layout.subNoteSizeWidth() == 8 ? sub.getLong(layout.subSizeNote())
                : Integer.toUnsignedLong(sub.getInt(layout.subSizeNote()));
        if (size == 0) {
            return List.of();
        }
        if (size < 0 || size > MAX_NOTE_BYTES) {
            throw bad("the note area of " + size + " bytes is implausibly large", layout.subSizeNote());
        }
        ByteBuffer notes = bytes(offset, size, "the ELF notes").order(ByteOrder.LITTLE_ENDIAN);
        return ElfNotes.read(notes, file.path(), offset, 0, machine.equals("x86_64")).cpus();
    }

    private static Instant timestamp(ByteBuffer header, Layout layout) {
        long seconds = layout.timestampWidth() == 8 ? header.getLong(layout.timestampSeconds())
                : Integer.toUnsignedLong(header.getInt(layout.timestampSeconds()));
        long micros = layout.timestampWidth() == 8 ? header.getLong(layout.timestampSeconds() + 8)
                : Integer.toUnsignedLong(header.getInt(layout.timestampSeconds() + 4));
        if (seconds <= 0 || micros < 0 || micros >= 1_000_000) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, micros * 1000);
    }

    private static Integer machineType(String machine) {
        return switch (machine) {
            case "x86_64" -> DumpHints.MACHINE_AMD64;
            case "i386", "i486", "i586", "i686" -> DumpHints.MACHINE_I386;
            case "aarch64", "arm64" -> DumpHints.MACHINE_ARM64;
            default -> null;
        };
    }

    private static String text(ByteBuffer buffer, int at, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < max && at + i < buffer.limit(); i++) {
            byte b = buffer.get(at + i);
            if (b == 0) {
                break;
            }
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }
}
