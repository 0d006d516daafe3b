package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Va;

/**
 * Kernel reads before the page tables are known: the kernel image and the direct map are both
 * linear maps of physical memory, so their addresses translate by arithmetic. Used only while
 * discovery looks for the top table; afterwards every read goes through the tables.
 */
final class LinearMap {
    private final PhysicalMemory memory;
    private final long physBase;
    private final long pageOffsetBase;
    private final boolean directMapKnown;

    private LinearMap(PhysicalMemory memory, long physBase, long pageOffsetBase, boolean directMapKnown) {
        this.memory = memory;
        this.physBase = physBase;
        this.pageOffsetBase = pageOffsetBase;
        this.directMapKnown = directMapKnown;
    }

    /** The kernel image only: {@code PA = VA - __START_KERNEL_map + phys_base}. */
    static LinearMap kernelImage(PhysicalMemory memory, long physBase) {
        return new LinearMap(memory, physBase, 0, false);
    }

    /** The kernel image and the direct map ({@code PA = VA - page_offset_base}). */
    LinearMap withDirectMap(long base) {
        return new LinearMap(memory, physBase, base, true);
    }

    /** The physical address of {@code va}, or -1 when it is in neither linear map or outside the image. */
    long pa(long va) {
        long pa;
        if (KernelAddresses.isKernelImage(va)) {
            pa = va - KernelAddresses.KERNEL_IMAGE_BASE + physBase;
        } else if (directMapKnown && Long.compareUnsigned(va - pageOffsetBase, memory.size()) < 0) {
            pa = va - pageOffsetBase;
        } else {
            return -1;
        }
        return Long.compareUnsigned(pa, memory.size()) < 0 ? pa : -1;
    }

    /** {@code length} bytes at {@code va}, little-endian. */
    ByteBuffer read(long va, int length) {
        long pa = pa(va);
        if (pa < 0 || pa + length > memory.size()) {
            throw new MemoryException("kernel address " + Hex.of(va) + " is in neither the kernel image nor the direct map",
                    MemoryException.Context.NONE.withVa(new Va(va)));
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        ReadResult result = memory.read(new Pa(pa), buffer);
        if (!result.isComplete()) {
            throw new MemoryException("kernel address " + Hex.of(va) + " falls in a hole of the image",
                    MemoryException.Context.NONE.withVa(new Va(va)).withPa(new Pa(pa)));
        }
        return buffer.flip();
    }

    long readLong(long va) {
        return read(va, Long.BYTES).getLong(0);
    }

    int readInt(long va) {
        return read(va, Integer.BYTES).getInt(0);
    }
}
