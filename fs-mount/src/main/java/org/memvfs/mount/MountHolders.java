package org.memvfs.mount;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes that keep a mount busy: those with a file open under it, or their working or root
 * directory there, as {@code /proc/PID/fd}, {@code cwd} and {@code root} show (what {@code fuser -m}
 * looks at). Processes this user may not look into are passed over.
 */
final class MountHolders {
    private static final Path PROC = Path.of("/proc");
    private static final int MAX_NAMED = 5;

    /** A process that holds the mount, and its command name. */
    record Holder(long pid, String command) {
        @Override
        public String toString() {
            return command + " (pid " + pid + ")";
        }
    }

    private MountHolders() {
    }

    /** The processes holding something under {@code mountPoint}, by pid. */
    static List<Holder> of(Path mountPoint) {
        List<Holder> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path process : processes) {
                if (holds(process, mountPoint)) {
                    holders.add(new Holder(Long.parseLong(process.getFileName().toString()), command(process)));
                }
            }
        } catch (IOException e) {
            return holders;
        }
        holders.sort(java.util.Comparator.comparingLong(Holder::pid));
        return holders;
    }

    /** The holders in words for a message: a few by name, then how many more. */
    static String describe(Path mountPoint) {
        List<Holder> holders = of(mountPoint);
        if (holders.isEmpty()) {
            return "a process this user cannot see";
        }
        List<String> named = holders.stream().limit(MAX_NAMED).map(Holder::toString).toList();
        return String.join(", ", named) + (holders.size() > MAX_NAMED ? " and " + (holders.size() - MAX_NAMED) + " more" : "");
    }

    private static boolean holds(Path process, Path mountPoint) {
        if (under(process.resolve("cwd"), mountPoint) || under(process.resolve("root"), mountPoint)) {
            return true;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                if (under(fd, mountPoint)) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    private static boolean under(Path link, Path mountPoint) {
        try {
            Path target = Files.readSymbolicLink(link);
            return target.startsWith(mountPoint);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
