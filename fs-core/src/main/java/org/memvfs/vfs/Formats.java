package org.memvfs.vfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.memvfs.mmu.Va;

/** How the tree prints times, addresses, names taken from the image and what could not be read, in one place. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Width of a printed time; a missing time prints as that many dashes' worth of spaces. */
    static final int TIME_WIDTH = 27;

    /** The widest a {@code partial:} line makes a fixed-width table; longer ones are cut. */
    static final int MAX_PARTIAL_WIDTH = 1024;

    private Formats() {
    }

    /** What could not be read while listing, as the lines a listing ends with: {@code # partial: …}. */
    static List<String> partialLines(List<String> problems) {
        return problems.stream().map(p -> "# partial: " + p).toList();
    }

    /** The width of a table's lines ({@code width}, the newline included), widened so its partial lines fit whole. */
    static int widthFor(int width, List<String> partialLines) {
        int widest = partialLines.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).max().orElse(0);
        return Math.max(width, Math.min(widest, MAX_PARTIAL_WIDTH));
    }

    /**
     * A name read from the image as a file name: no slash, no control characters, not empty, not
     * {@code .} or {@code ..}, at most {@code maxBytes} bytes of UTF-8 (file systems take 255).
     */
    static String fileName(String name, int maxBytes) {
        StringBuilder safe = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            int code = c == '/' || c < 0x20 || c == 0x7f ? '_' : c;
            int length = new String(Character.toChars(code)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > maxBytes) {
                break;
            }
            safe.appendCodePoint(code);
            bytes += length;
        }
        String text = safe.toString();
        return text.isEmpty() || text.equals(".") || text.equals("..") ? text.replace('.', '_') + "_" : text;
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** A virtual address, or 16 zeros for none. */
    static String va(Va va) {
        return va == null ? "0000000000000000" : va.toString();
    }
}
