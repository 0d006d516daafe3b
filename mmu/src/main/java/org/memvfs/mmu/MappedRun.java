package org.memvfs.mmu;

/**
 * Virtually contiguous pages with the same access, as {@code memmap/pte.txt} lists them.
 *
 * @param start  the first address
 * @param length bytes in the run
 * @param flags  the access every page of the run grants
 */
public record MappedRun(Va start, long length, PageFlags flags) {

    /** The last address of the run (inclusive, so a run at the top of the address space fits). */
    public Va last() {
        return start.plus(length - 1);
    }

    /** The run's size in 4 KiB pages. */
    public long pageCount() {
        return length / PageTables.PAGE;
    }
}
