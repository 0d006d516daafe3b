package org.memvfs.vfs.linux;

import java.time.Duration;
import org.memvfs.linux.object.Vma;
import org.memvfs.vfs.os.OsRegion;

/** How Linux values are shown in the tree's generic files: region kinds and tags, times since boot. */
final class LinuxNames {
    /** The kind of a region that maps a file. */
    static final String FILE_KIND = "file";

    private LinuxNames() {
    }

    /**
     * A VMA as the generic region table and {@code vmemd/} see it: the kind ({@code file}, or
     * {@code private}/{@code shared} anonymous memory), rwx, Linux's own {@code r-xp} as the
     * protection, {@code vm_flags} in hex, the file's path, and a tag: the file's base name or the
     * name {@code /proc/PID/maps} gives it without brackets ({@code heap}, {@code stack}, {@code vdso}).
     */
    static OsRegion region(Vma vma) {
        String permissions = vma.permissions();
        String name = vma.name();
        boolean isFile = vma.file().isPresent();
        String kind = isFile ? FILE_KIND : permissions.endsWith("s") ? "shared" : "private";
        String file = isFile ? name : "";
        String tag = isFile ? name.substring(name.lastIndexOf('/') + 1)
                : name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        return new OsRegion(vma.start(), vma.end().plus(-1), permissions.substring(0, 3), kind, permissions,
                String.format("%08x", vma.flags()), file, tag);
    }

    /** {@code +3.241s after boot}. */
    static String sinceBoot(Duration sinceBoot) {
        return String.format("+%d.%06ds after boot", sinceBoot.toSeconds(), sinceBoot.toNanosPart() / 1000);
    }
}
