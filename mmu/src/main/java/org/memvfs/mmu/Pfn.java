package org.memvfs.mmu;

/** A 4 KiB physical page frame number. */
public record Pfn(long value) {
    public static final int PAGE_SHIFT = 12;

    /** The physical address of the frame's first byte. */
    public Pa address() {
        return new Pa(value << PAGE_SHIFT);
    }

    @Override
    public String toString() {
        return Long.toHexString(value);
    }
}
