package org.memvfs.mmu.image;

import java.nio.file.Path;

/** What every way of reaching an image file knows about it: where it is, how big, whether writable. */
abstract class AbstractFileBytes implements FileBytes {
    private final Path path;
    private final long size;
    private final boolean writable;

    AbstractFileBytes(Path path, long size, boolean writable) {
        this.path = path;
        this.size = size;
        this.writable = writable;
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final boolean isWritable() {
        return writable;
    }
}
