package org.memvfs.win.sample;

import org.memvfs.mmu.PagingMode;

/**
 * x86 PAE tables as 32-bit Windows keeps them: a 32-byte page-directory-pointer table (the DTB,
 * 32-byte aligned and, for processes, not page aligned) naming four page directories. The kernel
 * lives in the upper 2 GiB (directories 2 and 3); the fourth directory's first four entries map the
 * four directories themselves, so the page tables appear at {@link #PTE_BASE} and the page
 * directories at {@link #PDE_BASE}. Each process has its own four directories; its kernel entries
 * are copied from System's, as Windows does, except the self-map entries, which name its own.
 */
final class PaePageTableWriter extends PageTableWriter {
    static final long PTE_BASE = 0xC000_0000L;
    static final long PDE_BASE = 0xC060_0000L;
    static final long KERNEL_START = 0x8000_0000L;
    private static final int DIRECTORIES = 4;
    private static final int ENTRIES = 512;
    private static final int PDPT_BYTES = 32;
    private static final int SELF_MAP_DIRECTORY = (int) (PTE_BASE >>> 30);
    private static final int SELF_MAP_FIRST_ENTRY = (int) ((PTE_BASE >>> 21) & (ENTRIES - 1));

    private long pdptPage = -1;
    private int pdptSlot;

    PaePageTableWriter(PhysicalPages memory, FrameAllocator frames, HardwarePte pte) {
        super(memory, frames, pte);
    }

    @Override
    PagingMode mode() {
        return PagingMode.X86_PAE;
    }

    @Override
    boolean isKernel(long va) {
        return va >= KERNEL_START;
    }

    @Override
    protected long newSystemRoot(long fixedPa) {
        memory.write(fixedPa, new byte[PhysicalPages.PAGE]);
        fillRoot(fixedPa);
        return fixedPa;
    }

    @Override
    long createProcessRoot() {
        if (pdptPage < 0 || pdptSlot == PhysicalPages.PAGE / PDPT_BYTES) {
            pdptPage = newTable();
            // the first slots of the page stay free, so that process DTBs are visibly not page aligned
            pdptSlot = 3;
        }
        long root = pdptPage + (long) pdptSlot++ * PDPT_BYTES;
        fillRoot(root);
        return root;
    }

    private void fillRoot(long root) {
        long[] directories = new long[DIRECTORIES];
        for (int i = 0; i < DIRECTORIES; i++) {
            directories[i] = newTable();
            // PDPTEs allow only the present and cache bits (Intel SDM, "PAE paging")
            memory.putLong(root + i * 8L, directories[i] | HardwarePte.PRESENT);
        }
        for (int i = 0; i < DIRECTORIES; i++) {
            memory.putLong(directories[SELF_MAP_DIRECTORY] + (SELF_MAP_FIRST_ENTRY + i) * 8L,
                    pte.selfReference(directories[i]));
        }
    }

    @Override
    void mapLarge(long root, long va, long pa, PageAccess access) {
        if ((va & (FrameAllocator.LARGE_PAGE - 1)) != 0 || (pa & (FrameAllocator.LARGE_PAGE - 1)) != 0) {
            throw new IllegalArgumentException("a 2 MiB page needs 2 MiB-aligned addresses");
        }
        checkNotSelfMap(va);
        memory.putLong(pdeAddress(rootFor(root, va), va), pte.largePage(pa, access));
    }

    @Override
    protected void writeLeaf(long root, long va, long entry, boolean user) {
        checkNotSelfMap(va);
        long table = tableBelow(pdeAddress(root, va), user);
        memory.putLong(table + ((va >>> 12) & (ENTRIES - 1)) * 8L, entry);
    }

    @Override
    protected long walk(long root, long va) {
        long pde = memory.getLong(pdeAddress(root, va));
        if (!HardwarePte.isPresent(pde)) {
            return -1;
        }
        if ((pde & HardwarePte.PAGE_SIZE) != 0) {
            return HardwarePte.frameOf(pde) + (va & (FrameAllocator.LARGE_PAGE - 1));
        }
        long entry = memory.getLong(HardwarePte.frameOf(pde) + ((va >>> 12) & (ENTRIES - 1)) * 8L);
        return HardwarePte.isPresent(entry) ? HardwarePte.frameOf(entry) + (va & (PhysicalPages.PAGE - 1)) : -1;
    }

    @Override
    long leafEntryAddress(long root, long va) {
        long pde = memory.getLong(pdeAddress(rootFor(root, va), va));
        if (!HardwarePte.isPresent(pde) || (pde & HardwarePte.PAGE_SIZE) != 0) {
            return -1;
        }
        return HardwarePte.frameOf(pde) + ((va >>> 12) & (ENTRIES - 1)) * 8L;
    }

    @Override
    void shareKernelHalf(long processRoot) {
        long system = systemRoot();
        for (int dir = (int) (KERNEL_START >>> 30); dir < DIRECTORIES; dir++) {
            long from = HardwarePte.frameOf(memory.getLong(system + dir * 8L));
            long to = HardwarePte.frameOf(memory.getLong(processRoot + dir * 8L));
            for (int i = 0; i < ENTRIES; i++) {
                boolean selfMap = dir == SELF_MAP_DIRECTORY && i >= SELF_MAP_FIRST_ENTRY && i < SELF_MAP_FIRST_ENTRY + DIRECTORIES;
                if (!selfMap) {
                    memory.putLong(to + i * 8L, memory.getLong(from + i * 8L));
                }
            }
        }
    }

    private long pdeAddress(long root, long va) {
        long directory = HardwarePte.frameOf(memory.getLong(root + ((va >>> 30) & 3) * 8L));
        return directory + ((va >>> 21) & (ENTRIES - 1)) * 8L;
    }

    private static void checkNotSelfMap(long va) {
        if (va >= PTE_BASE && va < PTE_BASE + DIRECTORIES * FrameAllocator.LARGE_PAGE) {
            throw new IllegalArgumentException("0x" + Long.toHexString(va) + " lies in the page-table self-map");
        }
    }
}
