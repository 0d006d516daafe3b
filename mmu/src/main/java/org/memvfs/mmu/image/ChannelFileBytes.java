package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ImageIoException;

/**
 * A file read by positional channel reads: for paths on file systems that cannot be mapped
 * (Jimfs in tests, archives). Positional reads keep it thread-safe without locks where the
 * channel is a {@link FileChannel}; other channels are locked around seek-and-read.
 */
final class ChannelFileBytes extends AbstractFileBytes {
    private final SeekableByteChannel channel;

    ChannelFileBytes(Path path, SeekableByteChannel channel, boolean writable) throws IOException {
        super(path, channel.size(), writable);
        this.channel = channel;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long at = offset;
        try {
            while (dst.hasRemaining()) {
                int n = readAt(at, dst);
                if (n < 0) {
                    throw new ImageFormatException("file ended early", path(), at);
                }
                at += n;
            }
        } catch (IOException e) {
            throw new ImageIoException("cannot read", path(), at, e);
        }
    }

    private int readAt(long position, ByteBuffer dst) throws IOException {
        if (channel instanceof FileChannel file) {
            return file.read(dst, position);
        }
        synchronized (channel) {
            channel.position(position);
            return channel.read(dst);
        }
    }

    @Override
    public long readLong(long offset) {
        ByteBuffer eight = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        read(offset, eight);
        return eight.getLong(0);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        long at = offset;
        try {
            while (src.hasRemaining()) {
                int n;
                if (channel instanceof FileChannel file) {
                    n = file.write(src, at);
                } else {
                    synchronized (channel) {
                        channel.position(at);
                        n = channel.write(src);
                    }
                }
                at += n;
            }
        } catch (IOException e) {
            throw new ImageIoException("cannot write", path(), at, e);
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
