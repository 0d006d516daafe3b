package org.memvfs.win.sample;

import java.nio.charset.StandardCharsets;

/** Little-endian byte helpers and the string encodings Windows keeps in memory. */
final class LittleEndian {
    private LittleEndian() {
    }

    static byte[] longBytes(long value) {
        byte[] b = new byte[Long.BYTES];
        putLong(b, 0, value);
        return b;
    }

    static byte[] intBytes(int value) {
        byte[] b = new byte[Integer.BYTES];
        putInt(b, 0, value);
        return b;
    }

    static void putLong(byte[] b, int at, long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < Integer.BYTES; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static void putShort(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    /** Writes the low {@code size} bytes of {@code value} (1, 2, 4 or 8). */
    static void put(byte[] b, int at, long value, int size) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static int getInt(byte[] b, int at) {
        return (int) get(b, at, Integer.BYTES);
    }

    static long get(byte[] b, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    /** UTF-16LE without a terminator: the text of a UNICODE_STRING. */
    static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16LE);
    }

    /** UTF-16LE with a two-byte NUL terminator, as Windows allocates string buffers. */
    static byte[] utf16z(String text) {
        byte[] t = utf16(text);
        byte[] out = new byte[t.length + 2];
        System.arraycopy(t, 0, out, 0, t.length);
        return out;
    }

    /** ASCII with a NUL terminator. */
    static byte[] asciiz(String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[t.length + 1];
        System.arraycopy(t, 0, out, 0, t.length);
        return out;
    }

    /** A four-character pool tag as the 32-bit value Windows stores (first character in the low byte). */
    static int tag(String fourChars) {
        if (fourChars.length() != 4) {
            throw new IllegalArgumentException("a pool tag has four characters: '" + fourChars + "'");
        }
        byte[] b = fourChars.getBytes(StandardCharsets.US_ASCII);
        return getInt(b, 0);
    }
}
