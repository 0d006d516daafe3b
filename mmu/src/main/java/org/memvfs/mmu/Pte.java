package org.memvfs.mmu;

/**
 * A raw page-table entry as read from a table, 8 bytes wide (4-byte entries of 32-bit paging are
 * zero-extended). What its bits mean is the {@link PagingMode}'s business.
 */
public record Pte(long raw) {
    public static final Pte ZERO = new Pte(0);

    public boolean bit(int position) {
        return ((raw >>> position) & 1) != 0;
    }

    /** The bits {@code [position, position + length)} as an unsigned number. */
    public long bits(int position, int length) {
        long shifted = raw >>> position;
        return length >= 64 ? shifted : shifted & ((1L << length) - 1);
    }

    @Override
    public String toString() {
        return Hex.u64(raw);
    }
}
