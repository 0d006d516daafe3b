package org.memvfs.linux.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.memvfs.mmu.Hex;

/**
 * Checks a whole BTF blob and indexes its types: every type record must parse, one after the
 * other, to exactly the end of the type section; every kind must be one the format has; every
 * name must lie in the string section; every type id a type names must exist. A header that only
 * looks right (the kernel keeps a copy of it in its {@code struct btf}, in slab memory) fails here.
 */
final class BtfSections {
    /** {@code BTF_MAX_TYPE}: type ids have 20 bits. */
    static final int MAX_TYPES = 0x000f_ffff;
    /** {@code BTF_MAX_NAME_OFFSET}: name offsets have 24 bits. */
    static final long MAX_NAME_OFFSET = 0x00ff_ffff;
    /** The bits of {@code info} that mean something: vlen (0–15), kind (24–28), kind_flag (31). */
    private static final int INFO_MASK = 0x9f00_ffff;
    private static final int MAX_BITFIELD_BITS = 128;
    private static final int MAX_LINKAGE = 2;

    private final ByteBuffer types;
    private final int stringLength;

    private BtfSections(ByteBuffer types, int stringLength) {
        this.types = types;
        this.stringLength = stringLength;
    }

    /**
     * The offset of each type's record in {@code types}, by type id (index 0, {@code void}, is
     * unused).
     *
     * @throws BtfFormatException naming the type id and byte where the sections stop making sense
     */
    static int[] index(ByteBuffer types, ByteBuffer strings) {
        checkStrings(strings);
        BtfSections sections = new BtfSections(types.duplicate().order(ByteOrder.LITTLE_ENDIAN), strings.remaining());
        return sections.index();
    }

    private static void checkStrings(ByteBuffer strings) {
        int n = strings.remaining();
        if (n == 0 || n - 1 > MAX_NAME_OFFSET) {
            throw new BtfFormatException("BTF string section of " + n + " bytes");
        }
        if (strings.get(strings.position()) != 0) {
            throw new BtfFormatException("BTF string section does not start with the empty string");
        }
        if (strings.get(strings.position() + n - 1) != 0) {
            throw new BtfFormatException("BTF string section does not end with a NUL: it is cut short");
        }
    }

    private int[] index() {
        int[] offsets = new int[1024];
        int count = 0;
        int at = 0;
        int end = types.limit();
        while (at < end) {
            if (count >= MAX_TYPES) {
                throw new BtfFormatException("BTF with more than " + MAX_TYPES + " types");
            }
            int id = count + 1;
            if (end - at < BtfType.HEADER_BYTES) {
                throw cut(id, at);
            }
            int info = types.getInt(at + 4);
            if ((info & ~INFO_MASK) != 0) {
                throw bad(id, at, "info word " + Hex.of(Integer.toUnsignedLong(info)) + " has bits the format does not use");
            }
            int kindNumber = (info >>> 24) & 0x1f;
            BtfKind kind = BtfKind.ofNumber(kindNumber);
            if (kind == null) {
                throw bad(id, at, "kind " + kindNumber + " does not exist (the kinds are 1.." + BtfKind.maxNumber() + ")");
            }
            long length = BtfType.HEADER_BYTES + (long) kind.trailerBytes(info & 0xffff);
            if (end - at < length) {
                throw cut(id, at);
            }
            if (count + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[id] = at;
            count++;
            at += (int) length;
        }
        int[] index = Arrays.copyOf(offsets, count + 1);
        for (int id = 1; id <= count; id++) {
            check(id, index[id], count);
        }
        return index;
    }

    private BtfFormatException cut(int id, int at) {
        return new BtfFormatException("BTF type " + id + " at byte " + Hex.of(at) + " of the type section runs past its end ("
                + Hex.of(types.limit()) + "): the type section is cut short or is not BTF");
    }

    private static BtfFormatException bad(int id, int at, String why) {
        return new BtfFormatException("BTF type " + id + " at byte " + Hex.of(at) + " of the type section: " + why);
    }

    /** Checks one type record's names, references and kind-specific fields. */
    private void check(int id, int at, int count) {
        int info = types.getInt(at + 4);
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = info & 0xffff;
        boolean kindFlag = info < 0;
        name(id, at, types.getInt(at));
        int third = types.getInt(at + 8);
        int trailer = at + BtfType.HEADER_BYTES;
        switch (kind) {
            case INT -> {
                int data = types.getInt(trailer);
                int bits = data & 0xff;
                int offset = (data >>> 16) & 0xff;
                if (!isPowerOfTwoUpTo16(third) || bits == 0 || offset + bits > third * 8L || (data & 0xf000_ff00) != 0) {
                    throw bad(id, at, "INT of " + third + " bytes with encoding " + Hex.of(Integer.toUnsignedLong(data)));
                }
            }
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> {
                plain(id, at, vlen, kindFlag);
                reference(id, at, third, count);
            }
            case FWD -> {
                if (vlen != 0) {
                    throw bad(id, at, "FWD with vlen " + vlen);
                }
            }
            case ARRAY -> {
                plain(id, at, vlen, kindFlag);
                reference(id, at, types.getInt(trailer), count);
                reference(id, at, types.getInt(trailer + 4), count);
            }
            case STRUCT, UNION -> members(id, at, vlen, kindFlag, Integer.toUnsignedLong(third), count);
            case ENUM, ENUM64 -> {
                if (third != 1 && third != 2 && third != 4 && third != 8) {
                    throw bad(id, at, kind + " of " + third + " bytes");
                }
                int width = kind == BtfKind.ENUM ? 8 : 12;
                for (int i = 0; i < vlen; i++) {
                    name(id, at, types.getInt(trailer + width * i));
                }
            }
            case FUNC -> {
                if (vlen > MAX_LINKAGE) {
                    throw bad(id, at, "FUNC with linkage " + vlen);
                }
                reference(id, at, third, count);
            }
            case FUNC_PROTO -> {
                reference(id, at, third, count);
                for (int i = 0; i < vlen; i++) {
                    name(id, at, types.getInt(trailer + 8 * i));
                    reference(id, at, types.getInt(trailer + 8 * i + 4), count);
                }
            }
            case VAR -> {
                plain(id, at, vlen, kindFlag);
                reference(id, at, third, count);
                if (Integer.compareUnsigned(types.getInt(trailer), MAX_LINKAGE) > 0) {
                    throw bad(id, at, "VAR with linkage " + Integer.toUnsignedLong(types.getInt(trailer)));
                }
            }
            case DATASEC -> {
                for (int i = 0; i < vlen; i++) {
                    reference(id, at, types.getInt(trailer + 12 * i), count);
                }
            }
            case FLOAT -> {
                if (third != 2 && third != 4 && third != 8 && third != 12 && third != 16) {
                    throw bad(id, at, "FLOAT of " + third + " bytes");
                }
            }
            case DECL_TAG -> {
                reference(id, at, third, count);
                if (types.getInt(trailer) < -1) {
                    throw bad(id, at, "DECL_TAG of component " + types.getInt(trailer));
                }
            }
            default -> throw bad(id, at, "kind " + kind);
        }
    }

    private static boolean isPowerOfTwoUpTo16(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8 || size == 16;
    }

    private void plain(int id, int at, int vlen, boolean kindFlag) {
        if (vlen != 0 || kindFlag) {
            throw bad(id, at, "vlen " + vlen + " and kind_flag " + kindFlag + " where both must be 0");
        }
    }

    private void members(int id, int at, int vlen, boolean kindFlag, long size, int count) {
        for (int i = 0; i < vlen; i++) {
            int m = at + BtfType.HEADER_BYTES + 12 * i;
            name(id, at, types.getInt(m));
            reference(id, at, types.getInt(m + 4), count);
            long offset = Integer.toUnsignedLong(types.getInt(m + 8));
            long bitOffset = kindFlag ? offset & 0xff_ffff : offset;
            long bitSize = kindFlag ? offset >>> 24 : 0;
            if (bitSize > MAX_BITFIELD_BITS || bitOffset + bitSize > size * 8) {
                throw bad(id, at, "member " + i + " at bit " + bitOffset + " (" + bitSize + " bits) outside a type of " + size + " bytes");
            }
        }
    }

    private void name(int id, int at, int nameOffset) {
        if (Integer.toUnsignedLong(nameOffset) >= stringLength) {
            throw bad(id, at, "name offset " + Hex.of(Integer.toUnsignedLong(nameOffset)) + " outside the string section ("
                    + Hex.of(stringLength) + " bytes)");
        }
    }

    private static void reference(int id, int at, int type, int count) {
        if (Integer.toUnsignedLong(type) > count) {
            throw bad(id, at, "names type " + Integer.toUnsignedLong(type) + " but there are only " + count);
        }
    }
}
