package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** The bytes of an image file, read (and optionally written) at absolute offsets by many threads. */
interface FileBytes extends AutoCloseable {

    Path path();

    long size();

    /** Fills {@code dst} from its position to its limit from {@code offset} on; the range must lie in the file. */
    void read(long offset, ByteBuffer dst);

    /** The little-endian 8 bytes at {@code offset}; the range must lie in the file. */
    long readLong(long offset);

    boolean isWritable();

    /** Writes {@code src} from its position to its limit at {@code offset}; the range must lie in the file. */
    void write(long offset, ByteBuffer src);

    @Override
    void close();
}
