package org.memvfs.linux.btf;

import org.memvfs.linux.btf.BtfBlobBuilder.Member;

/**
 * A public face of the test BTF builder for tests in other packages that need a kernel's types
 * of their own making: structs of byte-offset members over a few base types.
 */
public final class TestBtf {
    public static final int INT = 1;
    public static final int UINT = 2;
    public static final int LONG = 3;
    public static final int CHAR = 4;
    public static final int POINTER = 5;

    private final BtfBlobBuilder builder = new BtfBlobBuilder();

    /** A member at a byte offset. */
    public record Field(String name, int type, int offset) {
    }

    public TestBtf() {
        builder.intType("int", 4, 32, 1);
        builder.intType("unsigned int", 4, 32, 0);
        builder.intType("long unsigned int", 8, 64, 0);
        builder.intType("char", 1, 8, 2);
        builder.pointer(0);
    }

    public int struct(String name, int size, Field... fields) {
        return builder.struct(name, size, members(fields));
    }

    public int union(String name, int size, Field... fields) {
        return builder.union(name, size, members(fields));
    }

    private static Member[] members(Field... fields) {
        Member[] members = new Member[fields.length];
        for (int i = 0; i < fields.length; i++) {
            members[i] = Member.at(fields[i].name(), fields[i].type(), fields[i].offset());
        }
        return members;
    }

    /** {@code char[length]}. */
    public int chars(int length) {
        return builder.array(CHAR, UINT, length);
    }

    public Btf btf() {
        return BtfBlobBuilder.parse(builder.build());
    }
}
