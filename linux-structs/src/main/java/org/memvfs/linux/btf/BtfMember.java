package org.memvfs.linux.btf;

/**
 * One member of a struct or union ({@code struct btf_member}).
 *
 * @param name      the member's name; empty for an anonymous struct or union member
 * @param type      the member's type id
 * @param bitOffset where it starts, in bits from the start of its struct
 * @param bitSize   its width in bits when it is a bitfield, else 0
 */
public record BtfMember(String name, int type, long bitOffset, int bitSize) {

    public boolean isAnonymous() {
        return name.isEmpty();
    }

    public boolean isBitfield() {
        return bitSize != 0;
    }
}
