package org.memvfs.mmu.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/**
 * Writes kdump-compressed dumps of any page-aligned physical memory for tests, laid out as QEMU's
 * {@code dump-guest-memory -z} lays them out: disk_dump_header (block 0), kdump_sub_header with the
 * ELF notes right after it, both bitmaps, one descriptor per dumped page, then a single shared zero
 * page and each other page zlib-compressed (or raw when that is not smaller). Optionally in
 * makedumpfile's flattened format, with the blocks out of order and all-zero blocks left out.
 */
public final class TestKdump {
    /** Offsets in the 64-bit disk_dump_header. */
    public static final int STATUS = 424;
    public static final int BLOCK_SIZE = 428;
    public static final int SUB_HDR_SIZE = 432;
    public static final int BITMAP_BLOCKS = 436;
    public static final int MAX_MAPNR = 440;
    public static final int NR_CPUS = 460;
    public static final int DESCRIPTOR_BYTES = 24;

    private final PhysicalMemory source;
    private final int blockSize = 4096;
    private boolean compress = true;
    private int headerVersion = 6;
    private long[] cr3 = {0x2676000, 0x26d5000};
    private Instant timestamp = Instant.parse("2025-01-02T03:04:05.123456Z");

    /** Where things landed in the last {@link #build()} (of the reassembled file). */
    private long descriptorsAt;
    private long bitmapsAt;
    private int pages;

    private TestKdump(PhysicalMemory source) {
        this.source = source;
    }

    public static TestKdump of(PhysicalMemory source) {
        return new TestKdump(source);
    }

    /** Every page stored raw (makedumpfile without -c). */
    public TestKdump uncompressed() {
        this.compress = false;
        return this;
    }

    public TestKdump headerVersion(int version) {
        this.headerVersion = version;
        return this;
    }

    /** One QEMU CPU note per CR3 given. */
    public TestKdump cpus(long... perCpu) {
        this.cr3 = perCpu.clone();
        return this;
    }

    public long descriptorsAt() {
        return descriptorsAt;
    }

    public long bitmapsAt() {
        return bitmapsAt;
    }

    public int pages() {
        return pages;
    }

    /** The reassembled (seekable) dump. */
    public byte[] build() {
        long maxMapnr = (source.size() + blockSize - 1) / blockSize;
        byte[] notes = notes();
        int subBytes = 104;
        int subBlocks = (subBytes + notes.length + blockSize - 1) / blockSize;
        int halfBlocks = (int) ((maxMapnr + 7) / 8 + blockSize - 1) / blockSize;
        int bitmapBlocks = 2 * halfBlocks;
        bitmapsAt = (long) (1 + subBlocks) * blockSize;
        descriptorsAt = (long) (1 + subBlocks + bitmapBlocks) * blockSize;
        List<Long> pfns = new ArrayList<>();
        for (PhysicalRange range : source.ranges()) {
            for (long pfn = range.start().value() / blockSize; pfn < range.end().value() / blockSize; pfn++) {
                pfns.add(pfn);
            }
        }
        pages = pfns.size();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long dataAt = descriptorsAt + (long) pages * DESCRIPTOR_BYTES;
        data.writeBytes(new byte[blockSize]);
        ByteBuffer descriptors = ByteBuffer.allocate(pages * DESCRIPTOR_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        byte[] bitmap = new byte[halfBlocks * blockSize];
        for (int i = 0; i < pages; i++) {
            long pfn = pfns.get(i);
            bitmap[(int) (pfn / 8)] |= (byte) (1 << (pfn % 8));
            ByteBuffer page = ByteBuffer.allocate(blockSize);
            source.read(new Pa(pfn * blockSize), page);
            byte[] bytes = page.array();
            long offset;
            int size;
            int flags;
            byte[] packed = compress ? deflate(bytes) : null;
            if (Arrays.equals(bytes, new byte[blockSize])) {
                offset = dataAt;
                size = blockSize;
                flags = 0;
            } else if (packed != null && packed.length < blockSize) {
                offset = dataAt + data.size();
                size = packed.length;
                flags = 1;
                data.writeBytes(packed);
            } else {
                offset = dataAt + data.size();
                size = blockSize;
                flags = 0;
                data.writeBytes(bytes);
            }
            descriptors.putLong(i * DESCRIPTOR_BYTES, offset).putInt(i * DESCRIPTOR_BYTES + 8, size)
                    .putInt(i * DESCRIPTOR_BYTES + 12, flags);
        }
        ByteBuffer out = ByteBuffer.allocate((int) (dataAt + data.size())).order(ByteOrder.LITTLE_ENDIAN);
        out.put(0, "KDUMP   ".getBytes(StandardCharsets.US_ASCII)).putInt(8, headerVersion);
        uts(out, 0, "Linux");
        uts(out, 2, "6.1.0-56-amd64");
        uts(out, 4, "x86_64");
        out.putLong(408, timestamp.getEpochSecond()).putLong(416, timestamp.getNano() / 1000);
        out.putInt(STATUS, compress ? 1 : 0).putInt(BLOCK_SIZE, blockSize).putInt(SUB_HDR_SIZE, subBlocks)
                .putInt(BITMAP_BLOCKS, bitmapBlocks).putInt(MAX_MAPNR, (int) maxMapnr).putInt(NR_CPUS, cr3.length);
        int sub = blockSize;
        out.putLong(sub + 8 + 40, notes.length == 0 ? 0 : sub + subBytes).putLong(sub + 56, notes.length)
                .putLong(sub + 96, maxMapnr).putInt(sub + 8, 1);
        out.put(sub + subBytes, notes);
        out.put((int) bitmapsAt, bitmap);
        out.put((int) bitmapsAt + halfBlocks * blockSize, bitmap);
        out.put((int) descriptorsAt, descriptors.array());
        out.put((int) dataAt, data.toByteArray());
        return out.array();
    }

    /** The dump in makedumpfile's flattened format: its non-zero 4 KiB pieces, last first. */
    public static byte[] flatten(byte[] dump) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.BIG_ENDIAN);
        header.put(0, "makedumpfile".getBytes(StandardCharsets.US_ASCII)).putLong(16, 1).putLong(24, 1);
        out.writeBytes(header.array());
        for (int at = (dump.length - 1) / 4096 * 4096; at >= 0; at -= 4096) {
            byte[] piece = Arrays.copyOfRange(dump, at, Math.min(dump.length, at + 4096));
            if (Arrays.equals(piece, new byte[piece.length]) && at + piece.length < dump.length) {
                continue;
            }
            out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(at).putLong(piece.length).array());
            out.writeBytes(piece);
        }
        out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(-1).putLong(-1).array());
        return out.toByteArray();
    }

    private byte[] notes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (headerVersion < 4) {
            return out.toByteArray();
        }
        for (long value : cr3) {
            byte[] desc = TestElfCore.qemuCpu(0x80050033L, value, 0x750ef0);
            ByteBuffer note = ByteBuffer.allocate(12 + 8 + desc.length).order(ByteOrder.LITTLE_ENDIAN);
            note.putInt(5).putInt(desc.length).putInt(0).put("QEMU\0\0\0\0".getBytes(StandardCharsets.US_ASCII)).put(desc);
            out.writeBytes(note.array());
        }
        return out.toByteArray();
    }

    private static void uts(ByteBuffer out, int field, String value) {
        out.put(12 + 65 * field, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] deflate(byte[] page) {
        Deflater deflater = new Deflater();
        deflater.setInput(page);
        deflater.finish();
        byte[] buffer = new byte[page.length * 2];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }
}
