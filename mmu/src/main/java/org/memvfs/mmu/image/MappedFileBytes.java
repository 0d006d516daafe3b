package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.memvfs.mmu.ImageIoException;

/**
 * A file memory-mapped in 1 GiB chunks, so that an image of any size is read without heap and
 * without system calls. Reads use absolute positions only, which makes them thread-safe.
 */
final class MappedFileBytes extends AbstractFileBytes {
    static final int CHUNK_SHIFT = 30;
    private static final long CHUNK = 1L << CHUNK_SHIFT;

    private final FileChannel channel;
    private final MappedByteBuffer[] chunks;

    MappedFileBytes(Path path, FileChannel channel, boolean writable) throws IOException {
        super(path, channel.size(), writable);
        this.channel = channel;
        long size = size();
        int count = (int) ((size + CHUNK - 1) >>> CHUNK_SHIFT);
        chunks = new MappedByteBuffer[count];
        FileChannel.MapMode mapMode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        for (int i = 0; i < count; i++) {
            long start = (long) i << CHUNK_SHIFT;
            MappedByteBuffer chunk = channel.map(mapMode, start, Math.min(CHUNK, size - start));
            chunk.order(ByteOrder.LITTLE_ENDIAN);
            chunks[i] = chunk;
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long at = offset;
        while (dst.hasRemaining()) {
            MappedByteBuffer chunk = chunks[(int) (at >>> CHUNK_SHIFT)];
            int inChunk = (int) (at & (CHUNK - 1));
            int n = Math.min(dst.remaining(), chunk.capacity() - inChunk);
            dst.put(dst.position(), chunk, inChunk, n);
            dst.position(dst.position() + n);
            at += n;
        }
    }

    @Override
    public long readLong(long offset) {
        int inChunk = (int) (offset & (CHUNK - 1));
        MappedByteBuffer chunk = chunks[(int) (offset >>> CHUNK_SHIFT)];
        if (inChunk <= chunk.capacity() - Long.BYTES) {
            return chunk.getLong(inChunk);
        }
        ByteBuffer eight = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        read(offset, eight);
        return eight.getLong(0);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        long at = offset;
        while (src.hasRemaining()) {
            MappedByteBuffer chunk = chunks[(int) (at >>> CHUNK_SHIFT)];
            int inChunk = (int) (at & (CHUNK - 1));
            int n = Math.min(src.remaining(), chunk.capacity() - inChunk);
            chunk.put(inChunk, src, src.position(), n);
            src.position(src.position() + n);
            at += n;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new ImageIoException("cannot close", path(), 0, e);
        }
    }
}
