package org.memvfs.win.sample;

import org.memvfs.mmu.PagingMode;

/**
 * Writes the page tables of one image: the System process's tables, which hold every kernel
 * mapping, and one set of tables per process, whose kernel half is made to match System's by
 * {@link #shareKernelHalf} once the kernel is complete, as Windows copies the kernel's top-level
 * entries into each new process.
 *
 * <p>Any mapping or lookup of a kernel address goes to the System tables whatever root it names,
 * so kernel structures can be written through any process's root before the halves are shared.
 */
abstract class PageTableWriter {
    protected final PhysicalPages memory;
    protected final FrameAllocator frames;
    protected final HardwarePte pte;
    private long systemRoot = -1;

    PageTableWriter(PhysicalPages memory, FrameAllocator frames, HardwarePte pte) {
        this.memory = memory;
        this.frames = frames;
        this.pte = pte;
    }

    abstract PagingMode mode();

    /** Whether {@code va} lies in the kernel half. */
    abstract boolean isKernel(long va);

    /** Creates the System root (the kernel's tables) in the frame at {@code fixedPa}; returns the DTB. */
    final long createSystemRoot(long fixedPa) {
        if (systemRoot >= 0) {
            throw new IllegalStateException("the System root exists already");
        }
        systemRoot = newSystemRoot(fixedPa);
        return systemRoot;
    }

    final long systemRoot() {
        if (systemRoot < 0) {
            throw new IllegalStateException("the System root does not exist yet");
        }
        return systemRoot;
    }

    /** A new process's root (its DTB), with an empty user half and its own self-map. */
    abstract long createProcessRoot();

    /** Maps the 4 KiB page at {@code va} to the frame at {@code pa}. */
    final void map(long root, long va, long pa, PageAccess access) {
        writeLeaf(rootFor(root, va), va, pte.page(pa, access), access.user());
    }

    /** Maps the 2 MiB page at {@code va} to the 2 MiB-aligned frame run at {@code pa}. */
    abstract void mapLarge(long root, long va, long pa, PageAccess access);

    /** Writes a not-present (software) entry for the user page at {@code va}, making tables as needed. */
    final void setSoftwareEntry(long root, long va, long entry) {
        if (HardwarePte.isPresent(entry)) {
            throw new IllegalArgumentException("a software entry has the present bit clear: 0x" + Long.toHexString(entry));
        }
        writeLeaf(rootFor(root, va), va, entry, !isKernel(va));
    }

    /** The physical address {@code va} maps to through valid entries, or -1. */
    final long translate(long root, long va) {
        return walk(rootFor(root, va), va);
    }

    /** The physical address of the leaf entry for {@code va}, or -1 when a table on the way is missing. */
    abstract long leafEntryAddress(long root, long va);

    /**
     * Copies the System root's kernel half into {@code processRoot} (all but the process's own
     * self-map). Called once the kernel's mappings are complete.
     */
    abstract void shareKernelHalf(long processRoot);

    protected abstract long newSystemRoot(long fixedPa);

    protected abstract void writeLeaf(long root, long va, long entry, boolean user);

    protected abstract long walk(long root, long va);

    protected final long rootFor(long root, long va) {
        return isKernel(va) ? systemRoot() : root;
    }

    /** A zeroed frame for a table, written so that it is stored even while empty. */
    protected final long newTable() {
        long pa = frames.allocate();
        memory.write(pa, new byte[PhysicalPages.PAGE]);
        return pa;
    }

    /** The table below {@code entryPa}'s entry, creating it when the entry is empty. */
    protected final long tableBelow(long entryPa, boolean user) {
        long entry = memory.getLong(entryPa);
        if (HardwarePte.isPresent(entry)) {
            if ((entry & HardwarePte.PAGE_SIZE) != 0) {
                throw new IllegalStateException("a large page already maps this range (entry at 0x" + Long.toHexString(entryPa) + ")");
            }
            return HardwarePte.frameOf(entry);
        }
        if (entry != 0) {
            throw new IllegalStateException("a software entry sits where a table belongs (at 0x" + Long.toHexString(entryPa) + ")");
        }
        long table = newTable();
        memory.putLong(entryPa, pte.table(table, user));
        return table;
    }
}
