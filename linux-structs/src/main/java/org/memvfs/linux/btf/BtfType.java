package org.memvfs.linux.btf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One type of a parsed BTF blob, decoded from its {@code struct btf_type} when asked. The
 * accessors that belong to one kind throw {@link IllegalStateException} for the others.
 */
public final class BtfType {
    /** {@code struct btf_type}: name_off, info, size_or_type. */
    static final int HEADER_BYTES = 12;
    private static final int MEMBER_BYTES = 12;
    private static final int KIND_FLAG_BITFIELD_SHIFT = 24;
    private static final int KIND_FLAG_OFFSET_MASK = 0xff_ffff;

    private final Btf btf;
    private final int id;
    private final int at;

    BtfType(Btf btf, int id, int at) {
        this.btf = btf;
        this.id = id;
        this.at = at;
    }

    private ByteBuffer types() {
        return btf.typeSection();
    }

    private int word(int index) {
        return types().getInt(at + 4 * index);
    }

    public int id() {
        return id;
    }

    public BtfKind kind() {
        return BtfKind.ofNumber((info() >>> 24) & 0x1f);
    }

    /** The type's name; empty for an anonymous one. */
    public String name() {
        return btf.string(word(0));
    }

    int info() {
        return word(1);
    }

    /** Bit 31 of {@code info}: bitfield encoding for structs, signedness for enums, union for FWD. */
    public boolean kindFlag() {
        return info() < 0;
    }

    /** Bits 0–15 of {@code info}: members, enumerators, parameters, variables — or a FUNC's linkage. */
    public int vlen() {
        return info() & 0xffff;
    }

    /** The size in bytes of an INT, STRUCT, UNION, ENUM, ENUM64, DATASEC or FLOAT. */
    public long size() {
        require(kind().hasSize(), "a size");
        return Integer.toUnsignedLong(word(2));
    }

    /** The type this one names: what a pointer points to, a typedef renames, a FUNC's prototype, a VAR's type. */
    public int referencedType() {
        require(kind().refersToType(), "a referenced type");
        return word(2);
    }

    /** The members of a STRUCT or UNION, in order. */
    public List<BtfMember> members() {
        require(kind().isComposite(), "members");
        int n = vlen();
        List<BtfMember> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(member(i));
        }
        return members;
    }

    BtfMember member(int index) {
        int m = at + HEADER_BYTES + MEMBER_BYTES * index;
        ByteBuffer t = types();
        long offset = Integer.toUnsignedLong(t.getInt(m + 8));
        long bitOffset = kindFlag() ? offset & KIND_FLAG_OFFSET_MASK : offset;
        int bitSize = kindFlag() ? (int) (offset >>> KIND_FLAG_BITFIELD_SHIFT) : 0;
        int type = t.getInt(m + 4);
        if (bitSize == 0 && type != 0) {
            // the older encoding: a bitfield is an INT whose own bit offset and width say so
            BtfType intType = btf.resolve(type);
            if (intType.kind() == BtfKind.INT && intType.intBits() != intType.size() * 8) {
                bitOffset += intType.intBitOffset();
                bitSize = intType.intBits();
            }
        }
        return new BtfMember(btf.string(t.getInt(m)), type, bitOffset, bitSize);
    }

    /** The element type of an ARRAY. */
    public int arrayElementType() {
        require(kind() == BtfKind.ARRAY, "an element type");
        return word(3);
    }

    /** The index type of an ARRAY. */
    public int arrayIndexType() {
        require(kind() == BtfKind.ARRAY, "an index type");
        return word(4);
    }

    /** The element count of an ARRAY. */
    public long arrayLength() {
        require(kind() == BtfKind.ARRAY, "a length");
        return Integer.toUnsignedLong(word(5));
    }

    private int intData() {
        require(kind() == BtfKind.INT, "an integer encoding");
        return word(3);
    }

    /** An INT's encoding bits: {@code BTF_INT_SIGNED} 1, {@code BTF_INT_CHAR} 2, {@code BTF_INT_BOOL} 4. */
    public int intEncoding() {
        return (intData() >>> 24) & 0x0f;
    }

    /** An INT's bit offset (only the old bitfield encoding uses it). */
    public int intBitOffset() {
        return (intData() >>> 16) & 0xff;
    }

    /** An INT's width in bits. */
    public int intBits() {
        return intData() & 0xff;
    }

    /** The values of an ENUM or ENUM64, in order. */
    public List<BtfEnumerator> enumerators() {
        require(kind() == BtfKind.ENUM || kind() == BtfKind.ENUM64, "enumerators");
        ByteBuffer t = types();
        int n = vlen();
        boolean wide = kind() == BtfKind.ENUM64;
        List<BtfEnumerator> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int e = at + HEADER_BYTES + (wide ? 12 : 8) * i;
            long value;
            if (wide) {
                value = Integer.toUnsignedLong(t.getInt(e + 4)) | (long) t.getInt(e + 8) << 32;
            } else {
                value = kindFlag() ? t.getInt(e + 4) : Integer.toUnsignedLong(t.getInt(e + 4));
            }
            values.add(new BtfEnumerator(btf.string(t.getInt(e)), value));
        }
        return values;
    }

    /** The parameters of a FUNC_PROTO; its return type is {@link #referencedType()}. */
    public List<BtfParam> params() {
        require(kind() == BtfKind.FUNC_PROTO, "parameters");
        ByteBuffer t = types();
        List<BtfParam> params = new ArrayList<>(vlen());
        for (int i = 0; i < vlen(); i++) {
            int p = at + HEADER_BYTES + 8 * i;
            params.add(new BtfParam(btf.string(t.getInt(p)), t.getInt(p + 4)));
        }
        return params;
    }

    /** A VAR's linkage: 0 static, 1 global, 2 extern. */
    public int varLinkage() {
        require(kind() == BtfKind.VAR, "a linkage");
        return word(3);
    }

    /** The variables of a DATASEC. */
    public List<BtfSectionVar> sectionVars() {
        require(kind() == BtfKind.DATASEC, "variables");
        ByteBuffer t = types();
        List<BtfSectionVar> vars = new ArrayList<>(vlen());
        for (int i = 0; i < vlen(); i++) {
            int v = at + HEADER_BYTES + 12 * i;
            vars.add(new BtfSectionVar(t.getInt(v), Integer.toUnsignedLong(t.getInt(v + 4)), Integer.toUnsignedLong(t.getInt(v + 8))));
        }
        return vars;
    }

    /** A DECL_TAG's component: -1 for the type itself, else the member or parameter index. */
    public int declTagComponent() {
        require(kind() == BtfKind.DECL_TAG, "a component index");
        return word(3);
    }

    private void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("BTF type " + id + " (" + kind() + ") has no " + what);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BtfType other && other.btf == btf && other.id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        String name = name();
        return "[" + id + "] " + kind() + (name.isEmpty() ? " (anon)" : " " + name);
    }
}
