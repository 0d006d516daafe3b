package org.memvfs.win.object;

import java.nio.charset.StandardCharsets;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/**
 * One kernel struct at one address, read field by field on request with the offsets of a
 * profile: the building block of the thin views. Nothing is read when it is made. Errors name
 * the object ({@code what}), its address, the field and why it could not be read.
 */
public final class StructView {
    private final WindowsProfile profile;
    private final MemoryReader reader;
    private final String struct;
    private final Va address;
    private final String what;

    /**
     * @param what how errors name this object, e.g. {@code process 1234} or {@code PEB of pid 1234}
     */
    public StructView(WindowsProfile profile, MemoryReader reader, String struct, Va address, String what) {
        this.profile = profile;
        this.reader = reader;
        this.struct = struct;
        this.address = address;
        this.what = what;
    }

    public WindowsProfile profile() {
        return profile;
    }

    public MemoryReader reader() {
        return reader;
    }

    public String struct() {
        return struct;
    }

    public Va address() {
        return address;
    }

    public String what() {
        return what;
    }

    /** Another struct read with the same profile and memory. */
    public StructView at(String otherStruct, Va otherAddress, String otherWhat) {
        return new StructView(profile, reader, otherStruct, otherAddress, otherWhat);
    }

    /** Whether the profile has {@code field} in this struct. */
    public boolean has(String field) {
        return profile.has(struct, field);
    }

    /** Where {@code field} is. */
    public Va fieldAddress(String field) {
        return address.plus(profile.offset(struct, field));
    }

    public long u8(String field) {
        return reader.unsigned(fieldAddress(field), 1, label(), reading(field));
    }

    public long u16(String field) {
        return reader.unsigned(fieldAddress(field), 2, label(), reading(field));
    }

    public long u32(String field) {
        return reader.unsigned(fieldAddress(field), 4, label(), reading(field));
    }

    public long u64(String field) {
        return reader.unsigned(fieldAddress(field), 8, label(), reading(field));
    }

    /** A pointer-sized field (pointers, handles, ULONG_PTR), zero-extended on x86. */
    public long pointerSized(String field) {
        return reader.unsigned(fieldAddress(field), reader.pointerSize(), label(), reading(field));
    }

    public Va pointer(String field) {
        return new Va(reader.unsigned(fieldAddress(field), reader.pointerSize(), label(), reading(field)));
    }

    /** A bitfield's value, from the storage unit the profile names. */
    public long bits(String field) {
        BitField bits = profile.bitField(struct, field);
        long unit = reader.unsigned(address.plus(bits.offset()), bits.unitSize(), label(), reading(field));
        return bits.extract(unit);
    }

    /** {@code length} raw bytes of {@code field}. */
    public byte[] bytes(String field, int length) {
        return reader.bytes(fieldAddress(field), length, label(), reading(field));
    }

    /**
     * A fixed-size character array such as {@code ImageFileName}: the bytes up to the first NUL,
     * as Latin-1 (what the kernel stores is ANSI), with control characters shown as {@code ?}.
     */
    public String asciiz(String field, int length) {
        byte[] raw = bytes(field, length);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        char[] text = new String(raw, 0, end, StandardCharsets.ISO_8859_1).toCharArray();
        for (int i = 0; i < text.length; i++) {
            if (text[i] < 0x20 || text[i] == 0x7f) {
                text[i] = '?';
            }
        }
        return new String(text);
    }

    /** The text of the {@code _UNICODE_STRING} that {@code field} is, read from this struct's memory. */
    public String unicodeString(String field) {
        return UnicodeStrings.read(this, fieldAddress(field), what + " " + struct + "." + field);
    }

    /** The struct {@code pointerField} points at, or null when the pointer is null. */
    public StructView follow(String pointerField, String targetStruct, String targetWhat) {
        Va target = pointer(pointerField);
        return target.value() == 0 ? null : at(targetStruct, target, targetWhat);
    }

    private String label() {
        return what + " at " + address;
    }

    private String reading(String field) {
        return struct + "." + field;
    }

    @Override
    public String toString() {
        return struct + " at " + address;
    }
}
