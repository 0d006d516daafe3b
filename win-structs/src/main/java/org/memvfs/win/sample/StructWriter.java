package org.memvfs.win.sample;

import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Writes one structure in virtual memory by field name: every offset, bit position and struct size
 * comes from the profile, pointer-sized fields take the profile's pointer size. Setters return
 * {@code this} so that a structure reads as one block of assignments.
 */
final class StructWriter {
    private final WindowsProfile profile;
    private final VirtualMemory memory;
    private final String struct;
    private final long base;

    StructWriter(WindowsProfile profile, VirtualMemory memory, String struct, long base) {
        this.profile = profile;
        this.memory = memory;
        this.struct = struct;
        this.base = base;
    }

    long address() {
        return base;
    }

    String struct() {
        return struct;
    }

    /** Whether the profile has {@code field} in this struct. */
    boolean has(String field) {
        return profile.has(struct, field);
    }

    /** The virtual address of {@code field}. */
    long addressOf(String field) {
        return base + profile.offset(struct, field);
    }

    /** The embedded struct {@code field}, of type {@code type}, as a writer of its own. */
    StructWriter at(String field, String type) {
        return new StructWriter(profile, memory, type, addressOf(field));
    }

    StructWriter u8(String field, long value) {
        memory.put(addressOf(field), value, 1);
        return this;
    }

    StructWriter u16(String field, long value) {
        memory.put(addressOf(field), value, 2);
        return this;
    }

    StructWriter u32(String field, long value) {
        memory.put(addressOf(field), value, 4);
        return this;
    }

    StructWriter u64(String field, long value) {
        memory.put(addressOf(field), value, 8);
        return this;
    }

    /**
     * A scalar field whose size differs between builds (a ULONG in one, a pointer in another):
     * the size comes from the field's type as the profile spells it.
     */
    StructWriter value(String field, long value) {
        memory.put(addressOf(field), value, scalarSize(profile.fieldType(struct, field), field));
        return this;
    }

    private int scalarSize(String type, String field) {
        String t = type.strip();
        if (t.endsWith("*") || t.equals("struct _EX_FAST_REF")) {
            return memory.pointerSize();
        }
        if (t.startsWith("enum ")) {
            return 4;
        }
        switch (t) {
            case "char", "unsigned char":
                return 1;
            case "short", "unsigned short", "wchar":
                return 2;
            case "long", "unsigned long", "int", "unsigned int":
                return 4;
            case "long long", "unsigned long long", "union _LARGE_INTEGER", "struct _LARGE_INTEGER":
                return 8;
            default:
                throw new IllegalArgumentException(struct + "." + field + " is a " + type + ", not a scalar");
        }
    }

    /** A pointer-sized field (a pointer, a handle, a ULONG_PTR). */
    StructWriter ptr(String field, long value) {
        memory.putPointer(addressOf(field), value);
        return this;
    }

    /** Raw bytes at {@code field}, e.g. an inline character array. */
    StructWriter bytes(String field, byte[] value) {
        memory.write(addressOf(field), value);
        return this;
    }

    /** Sets the bitfield {@code field}, keeping the other bits of its storage unit. */
    StructWriter bits(String field, long value) {
        BitField bf = profile.bitField(struct, field);
        if ((value & ~bf.mask()) != 0 && bf.bitLength() < Long.SIZE) {
            throw new IllegalArgumentException(struct + "." + field + " has " + bf.bitLength() + " bits; "
                    + value + " does not fit");
        }
        long at = base + bf.offset();
        long unit = memory.get(at, bf.unitSize());
        long mask = bf.mask() << bf.bitPosition();
        unit = (unit & ~mask) | ((value << bf.bitPosition()) & mask);
        memory.put(at, unit, bf.unitSize());
        return this;
    }

    /** Sets a one-bit field. */
    StructWriter flag(String field, boolean value) {
        return bits(field, value ? 1 : 0);
    }

    /** A {@code _LIST_ENTRY} at {@code field}. */
    StructWriter list(String field, long flink, long blink) {
        long at = addressOf(field);
        memory.putPointer(at + profile.offset("_LIST_ENTRY", "Flink"), flink);
        memory.putPointer(at + profile.offset("_LIST_ENTRY", "Blink"), blink);
        return this;
    }

    /** An empty {@code _LIST_ENTRY} at {@code field}: both links point at itself. */
    StructWriter emptyList(String field) {
        long at = addressOf(field);
        return list(field, at, at);
    }

    /**
     * A {@code _UNICODE_STRING} at {@code field} whose buffer, at {@code buffer}, holds {@code text}
     * and has room for {@code maximumBytes}.
     */
    StructWriter unicodeString(String field, String text, long buffer, int maximumBytes) {
        int length = LittleEndian.utf16(text).length;
        if (length > maximumBytes) {
            throw new IllegalArgumentException("'" + text + "' does not fit in " + maximumBytes + " bytes");
        }
        long at = addressOf(field);
        memory.put(at + profile.offset("_UNICODE_STRING", "Length"), length, 2);
        memory.put(at + profile.offset("_UNICODE_STRING", "MaximumLength"), maximumBytes, 2);
        memory.putPointer(at + profile.offset("_UNICODE_STRING", "Buffer"), buffer);
        return this;
    }
}
