package org.memvfs.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The kernel's table of mounts, {@code /proc/self/mountinfo}, read fresh on each question. */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mount: where, and its file-system type ({@code fuse.memvfs} for ours). */
    record Mount(Path mountPoint, String type, String source) {
        boolean isMemvfs() {
            return type.equals("fuse." + FuseMount.SUBTYPE) || source.equals(FuseMount.SUBTYPE) && type.startsWith("fuse");
        }
    }

    private MountTable() {
    }

    /** The mount at {@code mountPoint}, if there is one (the last one, if mounts are stacked). */
    static Optional<Mount> at(Path mountPoint) {
        Path wanted = mountPoint.toAbsolutePath().normalize();
        Mount found = null;
        for (Mount mount : mounts()) {
            if (mount.mountPoint().equals(wanted)) {
                found = mount;
            }
        }
        return Optional.ofNullable(found);
    }

    static List<Mount> mounts() {
        try {
            return Files.readAllLines(MOUNTINFO).stream().map(MountTable::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /** A mountinfo line: id parent major:minor root mount-point options [optional…] - type source super-options. */
    private static Optional<Mount> parse(String line) {
        String[] fields = line.split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 5 || separator < 0 || separator + 2 >= fields.length) {
            return Optional.empty();
        }
        return Optional.of(new Mount(Path.of(unescape(fields[4])), fields[separator + 1], unescape(fields[separator + 2])));
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits after a backslash. */
    static String unescape(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String s, int at) {
        if (at + 3 > s.length()) {
            return false;
        }
        for (int i = at; i < at + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
