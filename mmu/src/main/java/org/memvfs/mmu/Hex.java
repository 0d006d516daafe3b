package org.memvfs.mmu;

/** Unsigned hexadecimal text for addresses and raw entries, the one way memvfs prints and parses them. */
public final class Hex {
    private static final int MAX_DIGITS = 16;

    private Hex() {
    }

    /** {@code value} as 16 lower-case hex digits, unsigned, without a prefix. */
    public static String u64(long value) {
        String digits = Long.toHexString(value);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    /** {@code value} as lower-case hex with a {@code 0x} prefix and no padding, for messages. */
    public static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    /**
     * Parses an unsigned 64-bit hex number: an optional {@code 0x}/{@code 0X} prefix, then 1 to 16
     * hex digits of either case. Surrounding white space is ignored; anything else is refused.
     *
     * @throws InvalidAddressException naming the text when it is not such a number
     */
    public static long parseUnsigned(CharSequence text) {
        String s = text.toString().strip();
        int start = s.startsWith("0x") || s.startsWith("0X") ? 2 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > MAX_DIGITS) {
            throw new InvalidAddressException(text, "expected 1 to 16 hex digits");
        }
        long value = 0;
        for (int i = start; i < s.length(); i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                throw new InvalidAddressException(text, "'" + s.charAt(i) + "' is not a hex digit");
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
