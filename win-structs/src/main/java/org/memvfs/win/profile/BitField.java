package org.memvfs.win.profile;

/**
 * Where a bitfield lives: read the {@code unitSize}-byte little-endian storage unit at byte
 * {@code offset} from the start of the struct, then take {@code bitLength} bits starting at bit
 * {@code bitPosition} of that unit ({@link #extract}).
 *
 * @param offset      byte offset of the storage unit from the struct start
 * @param bitPosition lowest bit of the field within the unit, 0-based
 * @param bitLength   number of bits, 1 to 64
 * @param unitSize    size of the storage unit in bytes: 1, 2, 4 or 8
 */
public record BitField(int offset, int bitPosition, int bitLength, int unitSize) {

    public BitField {
        if (offset < 0 || bitPosition < 0 || bitLength < 1
                || (unitSize != 1 && unitSize != 2 && unitSize != 4 && unitSize != 8)
                || bitPosition + bitLength > unitSize * Byte.SIZE) {
            throw new IllegalArgumentException("not a bitfield: offset " + offset + ", bits " + bitPosition
                    + "/" + bitLength + " in a " + unitSize + "-byte unit");
        }
    }

    /** The field's value mask, not shifted: {@code bitLength} low bits set. */
    public long mask() {
        return bitLength == Long.SIZE ? -1L : (1L << bitLength) - 1;
    }

    /** The field's value from the raw storage unit. */
    public long extract(long unit) {
        return (unit >>> bitPosition) & mask();
    }

    BitField shiftedBy(int bytes) {
        return new BitField(offset + bytes, bitPosition, bitLength, unitSize);
    }

    @Override
    public String toString() {
        return "bits " + bitPosition + "/" + bitLength + " of the " + unitSize + "-byte unit at 0x"
                + Integer.toHexString(offset);
    }
}
