package org.memvfs.mmu;

/**
 * The control registers of one virtual CPU as an image's headers recorded them (QEMU's and
 * VirtualBox's ELF notes).
 *
 * @param efer        the EFER MSR, or null when the source does not record it
 * @param x64Machine  whether the image says it is of an x86-64 machine, which decides long mode
 *                    when EFER is unknown
 */
public record CpuState(int cpu, long cr0, long cr3, long cr4, Long efer, boolean x64Machine) {
    private static final long CR0_PG = 1L << 31;
    private static final long CR4_PAE = 1L << 5;
    private static final long CR4_LA57 = 1L << 12;
    private static final long EFER_LMA = 1L << 10;

    /** The paging mode these registers select, or null when paging is off. */
    public PagingMode pagingMode() {
        if ((cr0 & CR0_PG) == 0) {
            return null;
        }
        if ((cr4 & CR4_PAE) == 0) {
            return PagingMode.X86_32;
        }
        boolean longMode = efer != null ? (efer & EFER_LMA) != 0 : x64Machine;
        if (!longMode) {
            return PagingMode.X86_PAE;
        }
        return (cr4 & CR4_LA57) != 0 ? PagingMode.X64_5LEVEL : PagingMode.X64_4LEVEL;
    }

    /** The table root that CR3 names under {@code mode}: the PCID and flag bits masked off. */
    public Pa root(PagingMode mode) {
        return mode.rootOf(cr3);
    }
}
