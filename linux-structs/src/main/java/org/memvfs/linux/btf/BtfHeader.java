package org.memvfs.linux.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.Hex;

/**
 * The {@code struct btf_header} at the start of a BTF blob: magic, version, flags, its own length,
 * then where the type and string sections lie, as offsets from the end of the header.
 *
 * @param headerLength {@code hdr_len}
 * @param typeOffset   {@code type_off}
 * @param typeLength   {@code type_len}
 * @param stringOffset {@code str_off}
 * @param stringLength {@code str_len}
 */
public record BtfHeader(int headerLength, long typeOffset, long typeLength, long stringOffset, long stringLength) {
    /** {@code BTF_MAGIC}, stored little-endian: the bytes {@code 9f eb}. */
    public static final int MAGIC = 0xeb9f;
    /** {@code BTF_VERSION}: the only version there is. */
    static final int VERSION = 1;
    /** The length of the header this parser knows: 4 bytes of magic/version/flags, 5 words. */
    public static final int LENGTH = 24;
    /**
     * The largest header the parser accepts: the kernel accepts a longer header from a newer
     * tool as long as the bytes it does not know are zero.
     */
    static final int MAX_HEADER_LENGTH = 256;
    /** The kernel's own limit on a BTF blob ({@code BTF_MAX_SIZE} in kernel/bpf/btf.c). */
    public static final long MAX_BLOB_BYTES = 16L << 20;

    /**
     * Reads a header from the first bytes of {@code head} (at least {@link #LENGTH} of them) and
     * checks that it can describe a blob: magic, version 1, flags 0, sections 4-byte aligned,
     * inside {@link #MAX_BLOB_BYTES} and not overlapping.
     *
     * @throws BtfFormatException naming the first thing that does not fit
     */
    public static BtfHeader parse(ByteBuffer head) {
        ByteBuffer in = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < LENGTH) {
            throw new BtfFormatException("a BTF header needs " + LENGTH + " bytes, there are " + in.remaining());
        }
        int base = in.position();
        int magic = Short.toUnsignedInt(in.getShort(base));
        if (magic != MAGIC) {
            throw new BtfFormatException("not BTF: magic " + Hex.of(magic) + ", expected " + Hex.of(MAGIC));
        }
        int version = Byte.toUnsignedInt(in.get(base + 2));
        int flags = Byte.toUnsignedInt(in.get(base + 3));
        if (version != VERSION || flags != 0) {
            throw new BtfFormatException("BTF version " + version + " with flags " + Hex.of(flags) + ": only version 1 without flags exists");
        }
        long headerLength = Integer.toUnsignedLong(in.getInt(base + 4));
        if (headerLength < LENGTH || headerLength > MAX_HEADER_LENGTH) {
            throw new BtfFormatException("BTF header length " + headerLength + " outside " + LENGTH + ".." + MAX_HEADER_LENGTH);
        }
        BtfHeader header = new BtfHeader((int) headerLength, Integer.toUnsignedLong(in.getInt(base + 8)),
                Integer.toUnsignedLong(in.getInt(base + 12)), Integer.toUnsignedLong(in.getInt(base + 16)),
                Integer.toUnsignedLong(in.getInt(base + 20)));
        header.check();
        return header;
    }

    private void check() {
        if ((typeOffset & 3) != 0) {
            throw new BtfFormatException("BTF type section at " + Hex.of(typeOffset) + " is not 4-byte aligned");
        }
        if (stringLength == 0) {
            throw new BtfFormatException("BTF without a string section");
        }
        if (blobLength() > MAX_BLOB_BYTES) {
            throw new BtfFormatException("BTF of " + blobLength() + " bytes is larger than the kernel's limit of " + MAX_BLOB_BYTES);
        }
        boolean typesFirst = typeOffset <= stringOffset;
        long firstEnd = typesFirst ? typeOffset + typeLength : stringOffset + stringLength;
        long secondStart = typesFirst ? stringOffset : typeOffset;
        if (firstEnd > secondStart) {
            throw new BtfFormatException("BTF type section " + Hex.of(typeOffset) + "+" + Hex.of(typeLength)
                    + " and string section " + Hex.of(stringOffset) + "+" + Hex.of(stringLength) + " overlap");
        }
    }

    /** The bytes of the whole blob: the header and both sections. */
    public long blobLength() {
        return headerLength + Math.max(typeOffset + typeLength, stringOffset + stringLength);
    }

    @Override
    public String toString() {
        return "BTF header: types " + Hex.of(typeOffset) + "+" + Hex.of(typeLength) + ", strings " + Hex.of(stringOffset)
                + "+" + Hex.of(stringLength);
    }
}
