package org.memvfs.mmu;

/** A physical address, compared and printed as an unsigned 64-bit value. */
public record Pa(long value) implements Comparable<Pa> {

    public static Pa of(long value) {
        return new Pa(value);
    }

    /** Parses hex text as {@link Hex#parseUnsigned} does. */
    public static Pa parse(CharSequence text) {
        return new Pa(Hex.parseUnsigned(text));
    }

    public Pa plus(long bytes) {
        return new Pa(value + bytes);
    }

    /** This address rounded down to a multiple of {@code alignment}, a power of two. */
    public Pa alignDown(long alignment) {
        return new Pa(value & -alignment);
    }

    /** The 4 KiB page frame that holds this address. */
    public Pfn pfn() {
        return new Pfn(value >>> Pfn.PAGE_SHIFT);
    }

    @Override
    public int compareTo(Pa other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Hex.u64(value);
    }
}
