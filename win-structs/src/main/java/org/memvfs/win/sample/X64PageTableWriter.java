package org.memvfs.win.sample;

import org.memvfs.mmu.PagingMode;

/**
 * x86-64 4-level tables as Windows keeps them: a PML4 per process whose entry
 * {@link #SELF_MAP_INDEX} points back at the PML4 itself (Windows 10 picks this index at random
 * at boot; 0x1ED is the fixed index of earlier releases and one of the values it can pick), and a
 * kernel half shared by pointing every process's kernel entries at the same PDPTs.
 *
 * <p>With KPTI (kernel VA shadow) each user process also has a shadow PML4 for user mode:
 * {@link #createShadowRoot} gives it the process's user half and, of the kernel, only the
 * pages {@link #mapShadowKernelPage} names (the entry trampolines).
 */
final class X64PageTableWriter extends PageTableWriter {
    static final int SELF_MAP_INDEX = 0x1ED;
    /** The virtual address at which the self-map shows the page tables. */
    static final long PTE_BASE = 0xFFFF_0000_0000_0000L | ((long) SELF_MAP_INDEX << 39);
    private static final int ENTRIES = 512;
    private static final int KERNEL_HALF_FIRST = 256;
    private static final int[] SHIFTS = {39, 30, 21, 12};

    /** The shadow roots' shared kernel half: a PML4 used only as a template, never as a DTB. */
    private long shadowTemplate = -1;

    X64PageTableWriter(PhysicalPages memory, FrameAllocator frames, HardwarePte pte) {
        super(memory, frames, pte);
    }

    @Override
    PagingMode mode() {
        return PagingMode.X64_4LEVEL;
    }

    @Override
    boolean isKernel(long va) {
        return va < 0;
    }

    @Override
    protected long newSystemRoot(long fixedPa) {
        memory.write(fixedPa, new byte[PhysicalPages.PAGE]);
        memory.putLong(fixedPa + SELF_MAP_INDEX * 8L, pte.selfReference(fixedPa));
        return fixedPa;
    }

    @Override
    long createProcessRoot() {
        long root = newTable();
        memory.putLong(root + SELF_MAP_INDEX * 8L, pte.selfReference(root));
        return root;
    }

    @Override
    void mapLarge(long root, long va, long pa, PageAccess access) {
        if ((va & (FrameAllocator.LARGE_PAGE - 1)) != 0 || (pa & (FrameAllocator.LARGE_PAGE - 1)) != 0) {
            throw new IllegalArgumentException("a 2 MiB page needs 2 MiB-aligned addresses");
        }
        long table = rootFor(root, va);
        boolean user = !isKernel(va);
        for (int level = 0; level < 2; level++) {
            table = tableBelow(entryAddress(table, va, level), user);
        }
        memory.putLong(entryAddress(table, va, 2), pte.largePage(pa, access));
    }

    @Override
    protected void writeLeaf(long root, long va, long entry, boolean user) {
        long table = root;
        for (int level = 0; level < 3; level++) {
            table = tableBelow(entryAddress(table, va, level), user);
        }
        memory.putLong(entryAddress(table, va, 3), entry);
    }

    @Override
    protected long walk(long root, long va) {
        long table = root;
        for (int level = 0; level < 4; level++) {
            long entry = memory.getLong(entryAddress(table, va, level));
            if (!HardwarePte.isPresent(entry)) {
                return -1;
            }
            if (level == 2 && (entry & HardwarePte.PAGE_SIZE) != 0) {
                return HardwarePte.frameOf(entry) + (va & (FrameAllocator.LARGE_PAGE - 1));
            }
            table = HardwarePte.frameOf(entry);
        }
        return table + (va & (PhysicalPages.PAGE - 1));
    }

    @Override
    long leafEntryAddress(long root, long va) {
        long table = rootFor(root, va);
        for (int level = 0; level < 3; level++) {
            long entry = memory.getLong(entryAddress(table, va, level));
            if (!HardwarePte.isPresent(entry) || (entry & HardwarePte.PAGE_SIZE) != 0) {
                return -1;
            }
            table = HardwarePte.frameOf(entry);
        }
        return entryAddress(table, va, 3);
    }

    @Override
    void shareKernelHalf(long processRoot) {
        long system = systemRoot();
        for (int i = KERNEL_HALF_FIRST; i < ENTRIES; i++) {
            if (i != SELF_MAP_INDEX) {
                memory.putLong(processRoot + i * 8L, memory.getLong(system + i * 8L));
            }
        }
    }

    /** Maps the kernel page at {@code va} into the shadow roots' kernel half (nothing else is there). */
    void mapShadowKernelPage(long va, long pa, PageAccess access) {
        if (!isKernel(va)) {
            throw new IllegalArgumentException("the shadow kernel half holds kernel pages only");
        }
        if (shadowTemplate < 0) {
            shadowTemplate = newTable();
        }
        writeLeaf(shadowTemplate, va, pte.page(pa, access), false);
    }

    /**
     * The KPTI user-mode root of {@code processRoot}: the same user half (the same PDPTs) and the
     * shadow kernel half. Call it once the process's user mappings are complete.
     */
    long createShadowRoot(long processRoot) {
        long shadow = newTable();
        for (int i = 0; i < KERNEL_HALF_FIRST; i++) {
            memory.putLong(shadow + i * 8L, memory.getLong(processRoot + i * 8L));
        }
        if (shadowTemplate >= 0) {
            for (int i = KERNEL_HALF_FIRST; i < ENTRIES; i++) {
                memory.putLong(shadow + i * 8L, memory.getLong(shadowTemplate + i * 8L));
            }
        }
        return shadow;
    }

    private static long entryAddress(long table, long va, int level) {
        return table + ((va >>> SHIFTS[level]) & (ENTRIES - 1)) * 8L;
    }
}
