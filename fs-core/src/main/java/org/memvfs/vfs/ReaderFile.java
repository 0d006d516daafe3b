package org.memvfs.vfs;

import java.nio.ByteBuffer;
import org.memvfs.vfs.os.OsFile;

/** A file an operating system supplies by size and reader, such as {@code memory.dmp}. */
final class ReaderFile extends FileNode {
    private final OsFile file;

    ReaderFile(OsFile file) {
        this.file = file;
    }

    @Override
    long size() {
        return file.size();
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        int n = readable(offset, file.size(), dst);
        if (n == 0) {
            return 0;
        }
        int limit = dst.limit();
        dst.limit(dst.position() + n);
        try {
            file.reader().read(offset, dst);
        } finally {
            dst.limit(limit);
        }
        return n;
    }
}
