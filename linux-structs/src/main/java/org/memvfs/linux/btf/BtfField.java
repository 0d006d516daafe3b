package org.memvfs.linux.btf;

/**
 * A member reached from a struct along a dotted path, through anonymous structs and unions on
 * the way ({@code mm_struct} + {@code mm_mt} lies inside an anonymous struct), with the offset
 * summed over every step.
 *
 * @param owner     the struct the path starts from
 * @param path      the dotted member path as asked ({@code f_path.dentry})
 * @param bitOffset where the member starts, in bits from the start of {@code owner}
 * @param bitSize   its width when it is a bitfield, else 0
 * @param type      the member's type id
 */
public record BtfField(String owner, String path, long bitOffset, int bitSize, int type) {

    /** The byte offset from the start of {@code owner}; for a bitfield, of the byte holding its first bit. */
    public long offset() {
        return bitOffset >>> 3;
    }

    public boolean isBitfield() {
        return bitSize != 0;
    }

    @Override
    public String toString() {
        return owner + "." + path + " at +" + (bitOffset % 8 == 0 ? Long.toHexString(offset()) : bitOffset + " bits");
    }
}
