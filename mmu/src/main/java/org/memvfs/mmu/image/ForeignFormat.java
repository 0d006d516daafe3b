package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * File signatures of things that are not memory images memvfs reads (archives, documents) or not
 * yet (other dump formats), so that such a file is refused by name instead of being read as raw
 * memory.
 */
enum ForeignFormat {
    GZIP(new byte[] {0x1f, (byte) 0x8b}, "a gzip archive: decompress it first"),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, "an xz archive: decompress it first"),
    BZIP2(ascii("BZh"), "a bzip2 archive: decompress it first"),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, "a zstd archive: decompress it first"),
    ZIP(new byte[] {'P', 'K', 3, 4}, "a zip archive: extract the image first"),
    SEVEN_ZIP(new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c}, "a 7-zip archive: extract the image first"),
    PDF(ascii("%PDF"), "a PDF document"),
    DISKDUMP(ascii("DISKDUMP"), "a diskdump of the old Red Hat netdump tools, which memvfs does not read"
            + " (makedumpfile -R and kdump-compressed dumps it does)"),
    HIBERFIL(ascii("HIBR"), "a Windows hibernation file, which memvfs does not read"),
    HIBERFIL_LOWER(ascii("hibr"), "a Windows hibernation file, which memvfs does not read");

    private final byte[] magic;
    private final String description;

    ForeignFormat(byte[] magic, String description) {
        this.magic = magic;
        this.description = description;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    String description() {
        return description;
    }

    /** The foreign format whose signature {@code head} starts with, or null. */
    static ForeignFormat of(ByteBuffer head) {
        for (ForeignFormat format : values()) {
            if (head.limit() >= format.magic.length && head.slice(0, format.magic.length).equals(ByteBuffer.wrap(format.magic))) {
                return format;
            }
        }
        return null;
    }

    /** Whether every byte of {@code head} is printable ASCII or white space: a text file. */
    static boolean isText(ByteBuffer head) {
        for (int i = 0; i < head.limit(); i++) {
            int b = head.get(i) & 0xff;
            boolean printable = b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t';
            if (!printable) {
                return false;
            }
        }
        return head.limit() > 0;
    }
}
