package org.memvfs.vfs;

import java.nio.ByteBuffer;

/**
 * A file: its size, and reads at any offset. Writable files also take writes and truncation.
 */
abstract non-sealed class FileNode implements Node {

    /** Bytes a full read returns. */
    abstract long size();

    /**
     * Copies bytes from {@code offset} into {@code dst} (from its position, up to its limit or the
     * end of the file) and returns how many; 0 at or past the end.
     */
    abstract int read(long offset, ByteBuffer dst);

    boolean isWritable() {
        return false;
    }

    /** Writes {@code src} at {@code offset}; returns the bytes taken. */
    int write(long offset, ByteBuffer src, String path) {
        throw new VfsException(VfsException.Kind.READ_ONLY, path, "read-only file");
    }

    /** Sets the file's length, as {@code O_TRUNC} and {@code truncate(2)} ask. */
    void truncate(long length, String path) {
        throw new VfsException(VfsException.Kind.READ_ONLY, path, "read-only file");
    }

    /** The part of a read at {@code offset} that the file can satisfy: 0 at or past the end. */
    static int readable(long offset, long size, ByteBuffer dst) {
        if (offset < 0 || offset >= size) {
            return 0;
        }
        return (int) Math.min(dst.remaining(), size - offset);
    }

    /** A read at {@code offset} of a file whose whole content is {@code content}. */
    static int readFrom(byte[] content, long offset, ByteBuffer dst) {
        int n = readable(offset, content.length, dst);
        if (n > 0) {
            dst.put(content, (int) offset, n);
        }
        return n;
    }
}
