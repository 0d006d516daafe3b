package org.memvfs.mmu;

/** A run of physical memory that the image holds: {@code [start, start + length)}. */
public record PhysicalRange(Pa start, long length) {

    public Pa end() {
        return start.plus(length);
    }

    public boolean contains(Pa pa) {
        long offset = pa.value() - start.value();
        return Long.compareUnsigned(offset, length) < 0;
    }

    @Override
    public String toString() {
        return start + "-" + end();
    }
}
