package org.memvfs.mmu;

/**
 * One level of an x86 page-table hierarchy, as data: which address bits index it, how wide its
 * entries are, whether an entry here may map a large page, and which bits of an entry address
 * the next table or the page.
 *
 * @param name            the level's name as MemProcFS prints it ({@code PML4}, {@code PD} …)
 * @param shift           the lowest virtual-address bit this level's index covers
 * @param indexBits       how many virtual-address bits index this level
 * @param entryBytes      8, or 4 under 32-bit paging
 * @param largePageSize   the page an entry with the PS bit maps here; 0 where PS is not allowed
 * @param tableMask       the bits of an entry that address the next table
 * @param leafMask        the bits of a leaf entry that address the page
 * @param reservedMask    bits that must be zero in every present entry of this level
 * @param largeReservedMask bits that must also be zero when the entry maps a large page
 * @param permissionBits  whether R/W, U/S and NX of this level's entries restrict access (PAE PDPTEs
 *                        have none)
 * @param pse36           whether a large-page entry carries physical bits 32..39 in its bits
 *                        13..20 (32-bit paging with PSE-36)
 */
public record PagingLevel(String name, int shift, int indexBits, int entryBytes, long largePageSize,
        long tableMask, long leafMask, long reservedMask, long largeReservedMask,
        boolean permissionBits, boolean pse36) {

    private static final int PSE36_LOW_BIT = 13;
    private static final int PSE36_BITS = 8;

    /** How many entries a table of this level holds. */
    public int entries() {
        return 1 << indexBits;
    }

    /** The index into this level's table that {@code va} selects. */
    public int indexOf(long va) {
        return (int) ((va >>> shift) & (entries() - 1));
    }

    /** How much address space one entry of this level spans. */
    public long span() {
        return 1L << shift;
    }

    public boolean allowsLargePages() {
        return largePageSize != 0;
    }

    /** The physical address of the page a leaf entry of this level maps. */
    public long leafAddress(long entry, boolean large) {
        if (!large) {
            return entry & leafMask;
        }
        long address = entry & leafMask & -largePageSize;
        if (pse36) {
            address |= ((entry >>> PSE36_LOW_BIT) & ((1L << PSE36_BITS) - 1)) << 32;
        }
        return address;
    }

    @Override
    public String toString() {
        return name;
    }
}
