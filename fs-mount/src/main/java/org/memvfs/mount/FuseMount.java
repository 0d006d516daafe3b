package org.memvfs.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.memvfs.vfs.Vfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Vfs} mounted with FUSE at a directory, until closed. Mounting runs libfuse's loop on a
 * daemon thread of its own and waits for the kernel's mount table to show the mount (jnr-fuse's
 * non-blocking mount would sleep a fixed 2 s instead); unmounting waits until it is gone.
 */
final class FuseMount implements AutoCloseable {
    static final String SUBTYPE = "memvfs";
    private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration UNMOUNT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private final Path mountPoint;
    private final MemvfsFuse fuse;
    private final String[] fuseOptions;
    private final boolean debug;
    private final Thread loop;
    private volatile Throwable loopFailure;

    /** How to mount. */
    record Options(boolean allowOther, boolean debug) {
        static final Options DEFAULT = new Options(false, false);
    }

    private FuseMount(Path mountPoint, MemvfsFuse fuse, Options options) {
        this.mountPoint = mountPoint;
        this.fuse = fuse;
        this.fuseOptions = fuseOptions(options);
        this.debug = options.debug();
        this.loop = new Thread(this::runLoop, "memvfs-fuse");
        this.loop.setDaemon(true);
    }

    /**
     * Mounts {@code vfs} at {@code mountPoint}: it must be an empty directory, or hold a stale
     * memvfs mount left by a killed run, which is cleared first.
     *
     * @throws MountException saying what is wrong with the mount point, or why libfuse failed
     */
    static FuseMount mount(Vfs vfs, Path mountPoint, Options options) {
        Path target = mountPoint.toAbsolutePath().normalize();
        prepare(target);
        FuseMount mount = new FuseMount(target, new MemvfsFuse(vfs), options);
        mount.loop.start();
        mount.awaitMounted();
        return mount;
    }

    private static String[] fuseOptions(Options options) {
        List<String> o = new ArrayList<>(List.of("fsname=" + SUBTYPE, "subtype=" + SUBTYPE, "default_permissions"));
        if (options.allowOther()) {
            o.add("allow_other");
        }
        return new String[] {"-o", String.join(",", o)};
    }

    private void runLoop() {
        try {
            fuse.mount(mountPoint, true, debug, fuseOptions);
        } catch (Throwable e) {
            loopFailure = e;
        }
    }

    private void awaitMounted() {
        long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (MountTable.at(mountPoint).filter(MountTable.Mount::isMemvfs).isPresent()) {
                return;
            }
            if (!loop.isAlive()) {
                throw new MountException("libfuse could not mount " + mountPoint + (loopFailure == null ? ""
                        : ": " + loopFailure.getMessage()) + " (is /dev/fuse there and libfuse2 installed?)", loopFailure);
            }
            sleep();
        }
        throw new MountException("the mount at " + mountPoint + " did not appear within " + MOUNT_TIMEOUT.toSeconds() + " s");
    }

    /** The mount point must be an empty directory; a stale memvfs mount there is cleared. */
    static void prepare(Path mountPoint) {
        MountTable.at(mountPoint).ifPresent(existing -> {
            if (!existing.isMemvfs()) {
                throw new MountException(mountPoint + " already has a " + existing.type() + " file system mounted on it");
            }
            if (Files.isReadable(mountPoint) && isResponsive(mountPoint)) {
                throw new MountException(mountPoint + " already has a running memvfs mounted on it; unmount it first "
                        + "(umount " + mountPoint + ")");
            }
            LOG.warn("clearing a stale memvfs mount at {} (left by a memvfs that was killed)", mountPoint);
            unmountStale(mountPoint);
        });
        if (!Files.exists(mountPoint)) {
            throw new MountException("the mount point " + mountPoint + " does not exist: create it with mkdir -p " + mountPoint);
        }
        if (!Files.isDirectory(mountPoint)) {
            throw new MountException("the mount point " + mountPoint + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(mountPoint)) {
            if (entries.findAny().isPresent()) {
                throw new MountException("the mount point " + mountPoint + " is not empty; memvfs mounts only on an empty directory");
            }
        } catch (IOException e) {
            throw new MountException("cannot look into the mount point " + mountPoint + ": " + e.getMessage(), e);
        }
    }

    /** Whether a FUSE mount still answers: a killed daemon leaves "Transport endpoint is not connected". */
    private static boolean isResponsive(Path mountPoint) {
        try (Stream<Path> entries = Files.list(mountPoint)) {
            entries.findAny();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void unmountStale(Path mountPoint) {
        for (List<String> command : List.of(List.of("fusermount", "-u", "-z", mountPoint.toString()),
                List.of("umount", "-l", mountPoint.toString()))) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                if (process.waitFor(UNMOUNT_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0
                        && MountTable.at(mountPoint).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // that tool is not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (MountTable.at(mountPoint).isPresent()) {
            throw new MountException("cannot clear the stale mount at " + mountPoint + ": run umount -l " + mountPoint + " as root");
        }
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** Blocks until the mount goes away (unmounted from outside, or by {@link #close()}). */
    void awaitUnmounted() throws InterruptedException {
        while (MountTable.at(mountPoint).filter(MountTable.Mount::isMemvfs).isPresent() && loop.isAlive()) {
            Thread.sleep(100);
        }
    }

    /** Unmounts and waits until the mount has left the kernel's table. */
    @Override
    public void close() {
        if (MountTable.at(mountPoint).isEmpty()) {
            return;
        }
        fuse.umount();
        long deadline = System.nanoTime() + UNMOUNT_TIMEOUT.toNanos();
        while (MountTable.at(mountPoint).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new MountException("the mount at " + mountPoint + " is still there after " + UNMOUNT_TIMEOUT.toSeconds()
                        + " s: something keeps it busy (see fuser -m " + mountPoint + ")");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while waiting for the mount table");
        }
    }
}
