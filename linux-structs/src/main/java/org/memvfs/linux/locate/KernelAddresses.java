package org.memvfs.linux.locate;

/**
 * Where x86-64 Linux puts things, as the architecture code fixes them (not offsets into
 * structures: those come from BTF).
 */
public final class KernelAddresses {
    /**
     * {@code __START_KERNEL_map}: the kernel image is mapped from here, at
     * {@code VA = __START_KERNEL_map + PA - phys_base} (arch/x86/include/asm/page_64_types.h).
     */
    public static final long KERNEL_IMAGE_BASE = 0xffff_ffff_8000_0000L;
    /** The direct map starts on a 1 GiB boundary, randomised in 1 GiB steps under KASLR (PUD_SIZE). */
    public static final long DIRECT_MAP_ALIGNMENT = 1L << 30;
    /** Under KPTI the user copy of a process's top table is the page after it: CR3 = table | this. */
    public static final long KPTI_USER_TABLE_OFFSET = 0x1000;
    /** The top-level entries of the user half: the lower 256 of 512 in either paging mode. */
    public static final int USER_TOP_ENTRIES = 256;
    /** Bit 63 of a page-table entry: no-execute. KPTI sets it on the kernel's copy of user entries. */
    public static final long PTE_NO_EXECUTE = 1L << 63;
    /** Bit 0 of a page-table entry: present. */
    public static final long PTE_PRESENT = 1;
    /** 4 KiB pages. */
    public static final int PAGE_SIZE = 4096;

    private KernelAddresses() {
    }

    /** Whether {@code va} lies in the kernel-image mapping (the top 2 GiB). */
    static boolean isKernelImage(long va) {
        return Long.compareUnsigned(va, KERNEL_IMAGE_BASE) >= 0;
    }

    /** Whether {@code va} is in the upper half at all: bit 63 set, in 4-level and 5-level paging alike. */
    static boolean isUpperHalf(long va) {
        return va < 0;
    }
}
