package org.memvfs.vfs.os;

import java.nio.ByteBuffer;

/**
 * A file an operating system adds to the root of the tree, such as Windows' {@code memory.dmp}:
 * its size, and reads at any offset.
 *
 * @param name   the file's name
 * @param size   its size in bytes
 * @param reader fills a buffer from an offset
 */
public record OsFile(String name, long size, Reader reader) {

    /** Reads of an {@link OsFile}. */
    @FunctionalInterface
    public interface Reader {
        /** Fills {@code dst} (from its position to its limit) with the bytes at {@code offset}, which lie in the file. */
        void read(long offset, ByteBuffer dst);
    }
}
