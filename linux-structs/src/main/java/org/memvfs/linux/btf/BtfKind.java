package org.memvfs.linux.btf;

/**
 * The kinds of BTF type, numbered as {@code BTF_KIND_*} in the kernel's {@code include/uapi/linux/btf.h}.
 * The number is part of the format: it sits in bits 24–28 of a type's {@code info} word.
 */
public enum BtfKind {
    /** Not a kind: the number 0, reserved (type id 0 is {@code void}). */
    UNKNOWN(0, 0, 0),
    INT(1, 4, 0),
    PTR(2, 0, 0),
    ARRAY(3, 12, 0),
    STRUCT(4, 0, 12),
    UNION(5, 0, 12),
    ENUM(6, 0, 8),
    FWD(7, 0, 0),
    TYPEDEF(8, 0, 0),
    VOLATILE(9, 0, 0),
    CONST(10, 0, 0),
    RESTRICT(11, 0, 0),
    FUNC(12, 0, 0),
    FUNC_PROTO(13, 0, 8),
    VAR(14, 4, 0),
    DATASEC(15, 0, 12),
    FLOAT(16, 0, 0),
    DECL_TAG(17, 4, 0),
    TYPE_TAG(18, 0, 0),
    ENUM64(19, 0, 12);

    private static final BtfKind[] BY_NUMBER = values();

    private final int number;
    private final int fixedTrailer;
    private final int perVlen;

    BtfKind(int number, int fixedTrailer, int perVlen) {
        this.number = number;
        this.fixedTrailer = fixedTrailer;
        this.perVlen = perVlen;
    }

    /** The {@code BTF_KIND_*} number. */
    public int number() {
        return number;
    }

    /** The bytes that follow the 12-byte {@code btf_type} for a type of this kind with {@code vlen} entries. */
    int trailerBytes(int vlen) {
        return fixedTrailer + perVlen * vlen;
    }

    /** Whether the type's third word is a size (for the others it is a type id, or unused). */
    boolean hasSize() {
        return this == INT || this == STRUCT || this == UNION || this == ENUM || this == DATASEC || this == FLOAT
                || this == ENUM64;
    }

    /** Whether the type's third word names another type. */
    boolean refersToType() {
        return this == PTR || this == TYPEDEF || this == VOLATILE || this == CONST || this == RESTRICT || this == FUNC
                || this == FUNC_PROTO || this == VAR || this == DECL_TAG || this == TYPE_TAG;
    }

    /** Whether the type only qualifies or renames the type it names ({@code typedef}, {@code const} …). */
    public boolean isModifier() {
        return this == TYPEDEF || this == VOLATILE || this == CONST || this == RESTRICT || this == TYPE_TAG;
    }

    /** A struct or a union: a type with members. */
    public boolean isComposite() {
        return this == STRUCT || this == UNION;
    }

    /** The kind numbered {@code number}, or null when the format has none. */
    static BtfKind ofNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** The highest kind number this parser knows. */
    static int maxNumber() {
        return BY_NUMBER.length - 1;
    }
}
