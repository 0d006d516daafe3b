package org.memvfs.vfs;

import java.nio.ByteBuffer;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;

/**
 * A window of memory as a file: physical memory ({@code memory.pmem}) or a range of a virtual
 * address space ({@code memory.vmem}, {@code vmemd/*}). Bytes that are absent read as zeros.
 * Writable only when the mount allows writes and the image was opened for writing.
 */
final class MemoryFile extends FileNode {
    private final AddressSpace space;
    private final PhysicalMemory physical;
    private final long base;
    private final long size;
    private final boolean writable;

    private MemoryFile(AddressSpace space, PhysicalMemory physical, long base, long size, boolean writable) {
        this.space = space;
        this.physical = physical;
        this.base = base;
        this.size = size;
        this.writable = writable;
    }

    static MemoryFile physical(PhysicalMemory memory, boolean writable) {
        return new MemoryFile(null, memory, 0, memory.size(), writable && memory.isWritable());
    }

    static MemoryFile virtual(AddressSpace space, Va start, long size, boolean writable) {
        return new MemoryFile(space, null, start.value(), size, writable && space.memory().isWritable());
    }

    @Override
    long size() {
        return size;
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        int n = readable(offset, size, dst);
        if (n == 0) {
            return 0;
        }
        int limit = dst.limit();
        dst.limit(dst.position() + n);
        try {
            if (space != null) {
                space.read(new Va(base + offset), dst);
            } else {
                physical.read(new Pa(base + offset), dst);
            }
        } finally {
            dst.limit(limit);
        }
        return n;
    }

    @Override
    boolean isWritable() {
        return writable;
    }

    @Override
    int write(long offset, ByteBuffer src, String path) {
        if (!writable) {
            return super.write(offset, src, path);
        }
        if (offset < 0 || offset + src.remaining() > size) {
            throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, "a write past the end of memory");
        }
        int n = src.remaining();
        if (space != null) {
            space.write(new Va(base + offset), src);
        } else {
            physical.write(new Pa(base + offset), src);
        }
        return n;
    }

    @Override
    void truncate(long length, String path) {
        if (!writable || length != size) {
            throw new VfsException(VfsException.Kind.READ_ONLY, path, "memory files keep their size");
        }
    }
}
