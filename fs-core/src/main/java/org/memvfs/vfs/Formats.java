package org.memvfs.vfs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.memvfs.mmu.Va;

/** How the tree prints times and addresses, in one place. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Width of a printed time; a missing time prints as that many dashes' worth of spaces. */
    static final int TIME_WIDTH = 27;

    private Formats() {
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** A virtual address, or 16 zeros for none. */
    static String va(Va va) {
        return va == null ? "0000000000000000" : va.toString();
    }
}
