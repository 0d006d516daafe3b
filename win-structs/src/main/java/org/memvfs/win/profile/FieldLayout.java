package org.memvfs.win.profile;

/**
 * One member of a struct as a profile records it, under its flattened name ({@code Pcb},
 * {@code u.VadFlags}).
 *
 * @param name        the flattened member name
 * @param offset      byte offset from the struct start; for a bitfield, of its storage unit
 * @param type        the C type as the sources spell it ({@code struct _MMVAD_FLAGS}, {@code void*})
 * @param bits        where the bits are, or null when this is not a bitfield or its position is unknown
 * @param unknownBits why a bitfield's position is unknown, or null
 */
record FieldLayout(String name, int offset, String type, BitField bits, String unknownBits) {

    boolean isBitField() {
        return bits != null || unknownBits != null;
    }

    /** This member seen from an enclosing struct in which its own struct starts at {@code bytes}. */
    FieldLayout shiftedBy(int bytes, String outerName) {
        return new FieldLayout(outerName, offset + bytes, type, bits == null ? null : bits.shiftedBy(bytes), unknownBits);
    }
}
