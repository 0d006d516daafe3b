package org.memvfs.linux.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes BTF blobs for tests, type by type, in the layout of include/uapi/linux/btf.h: a 24-byte
 * header, the type section, the string section. Type ids are handed out from 1 in the order types
 * are added. {@link #rawType} writes anything at all, for the tests of what the parser refuses.
 */
final class BtfBlobBuilder {
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new LinkedHashMap<>();
    private int nextId = 1;

    BtfBlobBuilder() {
        strings.write(0); // offset 0 is the empty string
        stringOffsets.put("", 0);
    }

    /** The offset of {@code text} in the string section, added on first use. */
    int string(String text) {
        Integer offset = stringOffsets.get(text);
        if (offset == null) {
            offset = strings.size();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            strings.write(bytes, 0, bytes.length);
            strings.write(0);
            stringOffsets.put(text, offset);
        }
        return offset;
    }

    private void word(int value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        types.write(b.array(), 0, 4);
    }

    /** A type record as given: its three words and the trailer words; returns its id. */
    int rawType(int nameOffset, int info, int third, int... trailer) {
        word(nameOffset);
        word(info);
        word(third);
        for (int w : trailer) {
            word(w);
        }
        return nextId++;
    }

    static int info(BtfKind kind, int vlen, boolean kindFlag) {
        return (kindFlag ? 1 << 31 : 0) | kind.number() << 24 | vlen;
    }

    private int type(String name, BtfKind kind, int vlen, boolean kindFlag, int third, int... trailer) {
        return rawType(string(name), info(kind, vlen, kindFlag), third, trailer);
    }

    int intType(String name, int size, int bits, int encoding) {
        return type(name, BtfKind.INT, 0, false, size, encoding << 24 | bits);
    }

    /** An INT in the old bitfield encoding: a bit offset and width of its own. */
    int intBitfield(String name, int size, int bitOffset, int bits) {
        return type(name, BtfKind.INT, 0, false, size, bitOffset << 16 | bits);
    }

    int pointer(int to) {
        return type("", BtfKind.PTR, 0, false, to);
    }

    int array(int element, int index, int length) {
        return type("", BtfKind.ARRAY, 0, false, 0, element, index, length);
    }

    /** A member: name, type, and bit offset; with {@code bits > 0}, a kind_flag bitfield of that width. */
    record Member(String name, int type, int bitOffset, int bits) {
        static Member at(String name, int type, int byteOffset) {
            return new Member(name, type, byteOffset * 8, 0);
        }
    }

    int struct(String name, int size, Member... members) {
        return composite(BtfKind.STRUCT, name, size, members);
    }

    int union(String name, int size, Member... members) {
        return composite(BtfKind.UNION, name, size, members);
    }

    private int composite(BtfKind kind, String name, int size, Member... members) {
        boolean kindFlag = false;
        for (Member m : members) {
            kindFlag |= m.bits() > 0;
        }
        int[] trailer = new int[3 * members.length];
        for (int i = 0; i < members.length; i++) {
            Member m = members[i];
            trailer[3 * i] = string(m.name());
            trailer[3 * i + 1] = m.type();
            trailer[3 * i + 2] = kindFlag ? m.bits() << 24 | m.bitOffset() : m.bitOffset();
        }
        return type(name, kind, members.length, kindFlag, size, trailer);
    }

    int enumType(String name, int size, boolean signed, Object... namesAndValues) {
        int[] trailer = new int[namesAndValues.length];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            trailer[i] = string((String) namesAndValues[i]);
            trailer[i + 1] = (Integer) namesAndValues[i + 1];
        }
        return type(name, BtfKind.ENUM, namesAndValues.length / 2, signed, size, trailer);
    }

    int enum64(String name, Object... namesAndValues) {
        int[] trailer = new int[namesAndValues.length / 2 * 3];
        for (int i = 0, t = 0; i < namesAndValues.length; i += 2, t += 3) {
            long value = (Long) namesAndValues[i + 1];
            trailer[t] = string((String) namesAndValues[i]);
            trailer[t + 1] = (int) value;
            trailer[t + 2] = (int) (value >>> 32);
        }
        return type(name, BtfKind.ENUM64, namesAndValues.length / 2, false, 8, trailer);
    }

    int forward(String name, boolean union) {
        return type(name, BtfKind.FWD, 0, union, 0);
    }

    int typedef(String name, int to) {
        return type(name, BtfKind.TYPEDEF, 0, false, to);
    }

    int qualifier(BtfKind kind, int to) {
        return type("", kind, 0, false, to);
    }

    int function(String name, int prototype, int linkage) {
        return type(name, BtfKind.FUNC, linkage, false, prototype);
    }

    int prototype(int returns, Object... namesAndTypes) {
        int[] trailer = new int[namesAndTypes.length];
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            trailer[i] = string((String) namesAndTypes[i]);
            trailer[i + 1] = (Integer) namesAndTypes[i + 1];
        }
        return type("", BtfKind.FUNC_PROTO, namesAndTypes.length / 2, false, returns, trailer);
    }

    int variable(String name, int type, int linkage) {
        return type(name, BtfKind.VAR, 0, false, type, linkage);
    }

    int dataSection(String name, int size, int... typeOffsetSize) {
        return type(name, BtfKind.DATASEC, typeOffsetSize.length / 3, false, size, typeOffsetSize);
    }

    int floatType(String name, int size) {
        return type(name, BtfKind.FLOAT, 0, false, size);
    }

    int declTag(String name, int type, int component) {
        return type(name, BtfKind.DECL_TAG, 0, false, type, component);
    }

    int typeTag(String name, int type) {
        return type(name, BtfKind.TYPE_TAG, 0, false, type);
    }

    /** The blob: header, then types, then strings. */
    byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        return assemble(t, s, 0, t.length, t.length, s.length);
    }

    /** A blob whose header says what the arguments say, whatever the sections hold. */
    byte[] build(int typeOffset, int typeLength, int stringOffset, int stringLength) {
        return assemble(types.toByteArray(), strings.toByteArray(), typeOffset, typeLength, stringOffset, stringLength);
    }

    private static byte[] assemble(byte[] t, byte[] s, int typeOffset, int typeLength, int stringOffset, int stringLength) {
        ByteBuffer blob = ByteBuffer.allocate(BtfHeader.LENGTH + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        blob.putShort((short) BtfHeader.MAGIC).put((byte) 1).put((byte) 0).putInt(BtfHeader.LENGTH)
                .putInt(typeOffset).putInt(typeLength).putInt(stringOffset).putInt(stringLength);
        blob.put(t).put(s);
        return blob.array();
    }

    static Btf parse(byte[] blob) {
        return Btf.parse(ByteBuffer.wrap(blob));
    }

    /** Names of the members of a type, for assertions. */
    static List<String> memberNames(BtfType type) {
        List<String> names = new ArrayList<>();
        type.members().forEach(m -> names.add(m.name()));
        return names;
    }
}
