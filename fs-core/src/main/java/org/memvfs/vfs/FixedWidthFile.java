package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * A table whose lines all have the same width, so its size is known from the number of rows and
 * a read renders only the rows it touches: listing a directory renders nothing, and reading the
 * end of a 10,000-row table renders a few rows.
 */
final class FixedWidthFile extends FileNode {
    private final byte[] header;
    private final int width;
    private final int rows;
    private final IntFunction<String> row;

    /**
     * @param header the first line, without its newline; padded to {@code width} like every row
     * @param width  bytes per line, the newline included
     * @param rows   how many rows follow the header
     * @param row    the text of row {@code i}, without newline; cut or padded to the width
     */
    FixedWidthFile(String header, int width, int rows, IntFunction<String> row) {
        this.width = width;
        this.rows = rows;
        this.row = row;
        this.header = fit(header, width);
    }

    /**
     * {@code text} as UTF-8 cut at a character boundary or padded with spaces to {@code width - 1},
     * then a newline. Control characters (a newline in a name read from the image) show as
     * {@code ?}, so that every row stays one line.
     */
    static byte[] fit(String text, int width) {
        byte[] bytes = printable(text).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, width - 1);
        while (length > 0 && length < bytes.length && (bytes[length] & 0xc0) == 0x80) {
            length--; // do not cut a multi-byte character in two
        }
        byte[] line = new byte[width];
        System.arraycopy(bytes, 0, line, 0, length);
        java.util.Arrays.fill(line, length, width - 1, (byte) ' ');
        line[width - 1] = '\n';
        return line;
    }

    private static String printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                StringBuilder shown = new StringBuilder(text);
                for (int j = i; j < shown.length(); j++) {
                    char d = shown.charAt(j);
                    if (d < 0x20 || d == 0x7f) {
                        shown.setCharAt(j, '?');
                    }
                }
                return shown.toString();
            }
        }
        return text;
    }

    @Override
    long size() {
        return (long) width * (rows + 1);
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        int n = readable(offset, size(), dst);
        long at = offset;
        long end = offset + n;
        while (at < end) {
            int line = (int) (at / width);
            int inLine = (int) (at % width);
            byte[] bytes = line == 0 ? header : fit(row.apply(line - 1), width);
            int take = (int) Math.min(width - inLine, end - at);
            dst.put(bytes, inLine, take);
            at += take;
        }
        return n;
    }
}
