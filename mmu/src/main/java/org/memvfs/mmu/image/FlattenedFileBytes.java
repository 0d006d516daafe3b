package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.memvfs.mmu.Buffers;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.ReadOnlyMemoryException;

/**
 * A dump in makedumpfile's flattened format — what makedumpfile writes to a pipe and QEMU's
 * {@code dump-guest-memory -z} writes by default — read as the file it stands for. The flattened
 * file is a 4 KiB header ({@code makedumpfile} signature, type 1, version 1, big-endian) and then
 * blocks, each a big-endian (offset, size) pair and the size bytes that belong at that offset of
 * the real file, until an offset of -1. This class indexes the blocks once and serves reads at
 * real-file offsets from them; bytes no block wrote read as zeros, as in the reassembled file.
 */
final class FlattenedFileBytes implements FileBytes {
    static final byte[] SIGNATURE = "makedumpfile".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 4096;
    private static final int BLOCK_HEADER_BYTES = 16;
    private static final long TYPE = 1;
    private static final long VERSION = 1;
    private static final long END = -1;

    private final FileBytes flat;
    /** Real-file offset of each block, ascending; where it lies in the flattened file; its length. */
    private final long[] targets;
    private final long[] sources;
    private final long[] lengths;
    private final long size;

    private FlattenedFileBytes(FileBytes flat, long[] targets, long[] sources, long[] lengths) {
        this.flat = flat;
        this.targets = targets;
        this.sources = sources;
        this.lengths = lengths;
        long end = 0;
        for (int i = 0; i < targets.length; i++) {
            end = Math.max(end, targets[i] + lengths[i]);
        }
        this.size = end;
    }

    static boolean isFlattened(ByteBuffer head) {
        return head.limit() >= SIGNATURE.length + 1 && head.slice(0, SIGNATURE.length).equals(ByteBuffer.wrap(SIGNATURE))
                && head.get(SIGNATURE.length) == 0;
    }

    /**
     * Indexes {@code flat}. Every block moves the walk forward by at least its 16-byte header, so
     * the walk ends at the file's end.
     *
     * @throws ImageFormatException when the header is not makedumpfile's, a block runs past the end,
     *                              the end marker is missing, or two blocks claim the same bytes
     */
    static FlattenedFileBytes of(FileBytes flat) {
        Path path = flat.path();
        if (flat.size() < HEADER_BYTES) {
            throw new ImageFormatException("a flattened makedumpfile dump needs its " + HEADER_BYTES + "-byte header, but the"
                    + " file has " + flat.size() + " bytes: it is truncated", path, 0);
        }
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        flat.read(0, header);
        if (!isFlattened(header.flip())) {
            throw new ImageFormatException("not a flattened makedumpfile dump: no 'makedumpfile' signature", path, 0);
        }
        if (header.getLong(16) != TYPE || header.getLong(24) != VERSION) {
            throw new ImageFormatException("flattened format type " + header.getLong(16) + " version " + header.getLong(24)
                    + " is not the type 1 version 1 memvfs reads", path, 16);
        }
        List<long[]> blocks = new ArrayList<>();
        ByteBuffer blockHeader = ByteBuffer.allocate(BLOCK_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        long at = HEADER_BYTES;
        while (true) {
            if (flat.size() - at < BLOCK_HEADER_BYTES) {
                throw new ImageFormatException("block " + blocks.size() + ": the flattened dump ends without its end marker:"
                        + " it is truncated", path, at);
            }
            blockHeader.clear();
            flat.read(at, blockHeader);
            long offset = blockHeader.getLong(0);
            long length = blockHeader.getLong(8);
            if (offset == END) {
                break;
            }
            long data = at + BLOCK_HEADER_BYTES;
            if (offset < 0 || length < 0 || length > flat.size() - data || offset > Long.MAX_VALUE - length) {
                throw new ImageFormatException("block " + blocks.size() + " (" + Hex.of(length) + " bytes for offset "
                        + Hex.of(offset) + ") runs past the end of the flattened dump (" + Hex.of(flat.size())
                        + " bytes): it is truncated or corrupt", path, at);
            }
            if (length > 0) {
                blocks.add(new long[] {offset, data, length, at});
            }
            at = data + length;
        }
        blocks.sort(Comparator.comparingLong(b -> b[0]));
        for (int i = 1; i < blocks.size(); i++) {
            long[] before = blocks.get(i - 1);
            long[] block = blocks.get(i);
            if (block[0] < before[0] + before[2]) {
                throw new ImageFormatException("blocks at " + Hex.of(before[3]) + " and " + Hex.of(block[3])
                        + " both write offset " + Hex.of(block[0]) + " of the dump; reassemble it with makedumpfile -R",
                        path, block[3]);
            }
        }
        return new FlattenedFileBytes(flat, blocks.stream().mapToLong(b -> b[0]).toArray(),
                blocks.stream().mapToLong(b -> b[1]).toArray(), blocks.stream().mapToLong(b -> b[2]).toArray());
    }

    /** How many data blocks the flattened file holds. */
    int blocks() {
        return targets.length;
    }

    @Override
    public Path path() {
        return flat.path();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long at = offset;
        int i = Arrays.binarySearch(targets, at);
        i = i >= 0 ? i : -i - 2;
        while (dst.hasRemaining()) {
            while (i + 1 < targets.length && targets[i + 1] <= at) {
                i++;
            }
            if (i >= 0 && at < targets[i] + lengths[i]) {
                int n = (int) Math.min(dst.remaining(), targets[i] + lengths[i] - at);
                int limit = dst.limit();
                dst.limit(dst.position() + n);
                flat.read(sources[i] + (at - targets[i]), dst);
                dst.limit(limit);
                at += n;
            } else {
                int n = i + 1 < targets.length ? (int) Math.min(dst.remaining(), targets[i + 1] - at) : dst.remaining();
                Buffers.zeroFill(dst, n);
                at += n;
            }
        }
    }

    @Override
    public long readLong(long offset) {
        ByteBuffer eight = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        read(offset, eight);
        return eight.getLong(0);
    }

    @Override
    public boolean isWritable() {
        return false;
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        throw new ReadOnlyMemoryException("a flattened dump cannot be written in place",
                MemoryException.Context.inFile(flat.path(), offset));
    }

    @Override
    public void close() {
        flat.close();
    }
}
