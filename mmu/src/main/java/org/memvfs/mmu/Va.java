package org.memvfs.mmu;

/** A virtual address, compared and printed as an unsigned 64-bit value. */
public record Va(long value) implements Comparable<Va> {

    public static Va of(long value) {
        return new Va(value);
    }

    /** Parses hex text as {@link Hex#parseUnsigned} does. */
    public static Va parse(CharSequence text) {
        return new Va(Hex.parseUnsigned(text));
    }

    public Va plus(long bytes) {
        return new Va(value + bytes);
    }

    /** This address rounded down to a multiple of {@code alignment}, a power of two. */
    public Va alignDown(long alignment) {
        return new Va(value & -alignment);
    }

    /** The offset of this address within its {@code alignment}-sized block, a power of two. */
    public long offsetIn(long alignment) {
        return value & (alignment - 1);
    }

    @Override
    public int compareTo(Va other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Hex.u64(value);
    }
}
