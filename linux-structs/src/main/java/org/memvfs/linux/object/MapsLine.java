package org.memvfs.linux.object;

/**
 * One line of {@code /proc/PID/maps} exactly as fs/proc/task_mmu.c prints it: hex numbers
 * zero-padded to at least 8 digits ({@code seq_put_hex_ll(…, 8)}), the device as two hex numbers of
 * at least 2 digits, the inode in decimal and a space; a name is padded to the column
 * {@code 25 + sizeof(void *) * 6 - 1} and preceded by one more space ({@code seq_pad(m, ' ')}).
 */
final class MapsLine {
    /** {@code seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)} on a 64-bit kernel. */
    static final int NAME_COLUMN = 25 + 8 * 6 - 1;

    private MapsLine() {
    }

    static String format(long start, long end, String permissions, long offset, int major, int minor, long inode, String name) {
        StringBuilder line = new StringBuilder(NAME_COLUMN + 1 + name.length());
        line.append(hex(start, 8)).append('-').append(hex(end, 8)).append(' ').append(permissions).append(' ')
                .append(hex(offset, 8)).append(' ').append(hex(major, 2)).append(':').append(hex(minor, 2)).append(' ')
                .append(Long.toUnsignedString(inode)).append(' ');
        if (!name.isEmpty()) {
            while (line.length() < NAME_COLUMN) {
                line.append(' ');
            }
            line.append(' ').append(name);
        }
        return line.toString();
    }

    /** A file's path as {@code seq_file_path(m, file, "\n")} prints it: a newline becomes {@code \012}. */
    static String escapeNewlines(String path) {
        return path.replace("\n", "\\012");
    }

    private static String hex(long value, int minDigits) {
        String digits = Long.toHexString(value);
        return digits.length() >= minDigits ? digits : "0".repeat(minDigits - digits.length()) + digits;
    }
}
