package org.memvfs.mmu.guest;

/**
 * One line of a capture's {@code oracle.txt} (format v1, see tools/qemu-guest/README.md).
 * {@code cr3}, {@code pa} and {@code size} are -1 where the line has {@code -}.
 */
public record OracleLine(char kind, long cr3, long va, long pa, long size, String flags, String region) {

    static OracleLine parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 7) {
            throw new IllegalArgumentException("oracle line with " + f.length + " columns: " + line);
        }
        return new OracleLine(f[0].charAt(0), hexOrNone(f[1]), Long.parseUnsignedLong(f[2], 16), hexOrNone(f[3]),
                hexOrNone(f[4]), f[5], f[6]);
    }

    private static long hexOrNone(String field) {
        return field.equals("-") ? -1 : Long.parseUnsignedLong(field, 16);
    }

    /** QEMU's flag letter at its position in {@code X G P D A C T U W}. */
    public boolean flag(char letter) {
        return flags.indexOf(letter) >= 0;
    }
}
