package org.memvfs.win.testing;

import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.SoftwareEntryResolver;

/**
 * x86-64 4-level page tables written into a {@link ToyMemory}: 4 KiB pages mapped one by one,
 * tables taken from a bump allocator. Enough to give unit tests a kernel address space.
 */
public final class ToyTables {
    private static final long PRESENT_RW = 0x3;
    private static final long USER = 0x4;
    private static final long ADDRESS = 0x000f_ffff_ffff_f000L;

    private final ToyMemory memory;
    private final long root;
    private long nextFrame;

    /** Tables from {@code firstFrame} up; the root is the first. */
    public ToyTables(ToyMemory memory, long firstFrame) {
        this.memory = memory;
        this.root = firstFrame;
        this.nextFrame = firstFrame + 0x1000;
    }

    public Pa root() {
        return new Pa(root);
    }

    /** Maps the 4 KiB page at {@code va} to the frame at {@code pa}. */
    public ToyTables map(long va, long pa) {
        return entry(va, pa | PRESENT_RW | ((va >= 0) ? USER : 0));
    }

    /** Writes {@code raw} as the last-level entry of {@code va}, making the tables above as needed. */
    public ToyTables entry(long va, long raw) {
        long table = root;
        for (int shift = 39; shift > 12; shift -= 9) {
            long at = table + ((va >>> shift) & 0x1ff) * 8;
            long e = read(at);
            if ((e & 1) == 0) {
                e = nextFrame | PRESENT_RW | USER;
                nextFrame += 0x1000;
                memory.put64(at, e);
            }
            table = e & ADDRESS;
        }
        memory.put64(table + ((va >>> 12) & 0x1ff) * 8, raw);
        return this;
    }

    private long read(long pa) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        memory.read(new Pa(pa), b);
        return b.getLong(0);
    }

    public AddressSpace space(SoftwareEntryResolver resolver) {
        return new AddressSpace(PagingCaches.standalone(memory), PagingMode.X64_4LEVEL, root(), resolver);
    }

    public AddressSpace space() {
        return space(SoftwareEntryResolver.NONE);
    }
}
