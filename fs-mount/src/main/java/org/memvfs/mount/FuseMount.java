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
 * A {@link Vfs} mounted with FUSE at a directory, until closed. Mounting runs {@link FuseLoop} on a
 * daemon thread of its own and waits for the kernel's mount table to show the mount; unmounting
 * waits until it is gone.
 */
final class FuseMount implements AutoCloseable {
    static final String SUBTYPE = "memvfs";
    private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration UNMOUNT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;
    private static final long BUSY_POLL_MILLIS = 200;
    private static final Duration BUSY_REPORT_INTERVAL = Duration.ofSeconds(30);
    /**
     * Seconds the kernel may keep a name or attributes of a live mount without asking again (libfuse's
     * default is 1 s). Memory files do not depend on it (direct I/O, fixed sizes); it bounds how long
     * a process directory the process refresh removed stays visible to path lookups.
     */
    static final String LIVE_TIMEOUT_SECONDS = "0.1";

    private final Path mountPoint;
    private final MemvfsFuse fuse;
    private final String[] fuseOptions;
    private final boolean debug;
    private final Thread loop;
    /** Unmounts when the JVM is stopped (SIGTERM, Ctrl-C) with the mount still up. */
    private final Thread unmountAtExit;
    private volatile Throwable loopFailure;

    /** How to mount. */
    record Options(boolean allowOther, boolean debug) {
        static final Options DEFAULT = new Options(false, false);
    }

    private FuseMount(Path mountPoint, MemvfsFuse fuse, Options options, boolean live) {
        this.mountPoint = mountPoint;
        this.fuse = fuse;
        this.fuseOptions = fuseOptions(options, live);
        this.debug = options.debug();
        this.loop = new Thread(this::runLoop, "memvfs-fuse");
        this.loop.setDaemon(true);
        this.unmountAtExit = new Thread(this::closeAtExit, "memvfs-unmount-at-exit");
    }

    private static Thread preparing;

    /**
     * Starts preparing libfuse's bindings on a daemon thread: jnr-ffi generates its native
     * callback stubs the first time a file system class is made (0.8 s measured here), which can
     * then overlap the kernel discovery that comes before mounting. A failure is left for the
     * real mount to report.
     */
    static synchronized void prepareInBackground() {
        if (preparing == null) {
            preparing = new Thread(() -> {
                try {
                    new MemvfsFuse(null);
                    FuseLoop.prepare();
                } catch (Throwable e) {
                    // the mount itself will fail with a message that names the cause
                }
            }, "memvfs-fuse-prepare");
            preparing.setDaemon(true);
            preparing.start();
        }
    }

    private static void awaitPrepared() {
        Thread thread;
        synchronized (FuseMount.class) {
            thread = preparing;
        }
        if (thread != null) {
            try {
                thread.join(MOUNT_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        awaitPrepared();
        FuseMount mount = new FuseMount(target, new MemvfsFuse(vfs), options, vfs.isLive());
        Runtime.getRuntime().addShutdownHook(mount.unmountAtExit);
        mount.loop.start();
        try {
            mount.awaitMounted();
        } catch (MountException e) {
            mount.forgetUnmountAtExit();
            throw e;
        }
        return mount;
    }

    private void closeAtExit() {
        try {
            close();
        } catch (MountException e) {
            // a command that mounted reports its own close's failure; this one only keeps a trace
            LOG.debug("unmount at exit: {}", e.getMessage());
        }
    }

    private void forgetUnmountAtExit() {
        try {
            Runtime.getRuntime().removeShutdownHook(unmountAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already stopping: the hook is running, or about to, and finds the mount gone
        }
    }

    static String[] fuseOptions(Options options, boolean live) {
        List<String> o = new ArrayList<>(List.of("fsname=" + SUBTYPE, "subtype=" + SUBTYPE, "default_permissions"));
        if (options.allowOther()) {
            o.add("allow_other");
        }
        if (live) {
            o.add("attr_timeout=" + LIVE_TIMEOUT_SECONDS);
            o.add("entry_timeout=" + LIVE_TIMEOUT_SECONDS);
        }
        return new String[] {"-o", String.join(",", o)};
    }

    private void runLoop() {
        List<String> arguments = new ArrayList<>(List.of(mountPoint.toString()));
        arguments.addAll(List.of(fuseOptions));
        if (debug) {
            arguments.add("-d");
        }
        try {
            FuseLoop.run(fuse.operations(), arguments.toArray(String[]::new));
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
            sleep(POLL_MILLIS);
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
            // a tool that is not installed answers "cannot run": the next is tried
            if (runUnmount(command, mountPoint) == null && MountTable.at(mountPoint).isEmpty()) {
                return;
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

    /**
     * Unmounts and waits until the mount has left the kernel's table. A mount still in use (a
     * {@code grep -r} in the middle of a file, a shell whose working directory is inside) is not cut
     * off: memvfs says which processes hold it, goes on serving them, and unmounts as soon as they
     * are done, or as soon as someone detaches it with {@code umount -l}. Safe to call more than
     * once and from two threads (the command's shutdown hook and this mount's own); the second
     * returns once the first is done.
     *
     * @throws MountException when the unmount is refused for any reason but being busy
     */
    @Override
    public synchronized void close() {
        long nextReport = System.nanoTime();
        while (isMounted()) {
            String refused = unmountOnce();
            if (refused == null || !isMounted()) {
                break;
            }
            if (!refused.contains("busy")) {
                throw new MountException("cannot unmount " + mountPoint + ": " + refused);
            }
            if (System.nanoTime() - nextReport >= 0) {
                LOG.warn("{} is busy, in use by {}: memvfs goes on serving it and unmounts it as soon as they are done "
                        + "(umount -l {} detaches it now; their reads then fail)", mountPoint,
                        MountHolders.describe(mountPoint), mountPoint);
                nextReport = System.nanoTime() + BUSY_REPORT_INTERVAL.toNanos();
            }
            sleep(BUSY_POLL_MILLIS);
        }
        long deadline = System.nanoTime() + UNMOUNT_TIMEOUT.toNanos();
        while (isMounted()) {
            if (System.nanoTime() > deadline) {
                throw new MountException("the mount at " + mountPoint + " is still there after " + UNMOUNT_TIMEOUT.toSeconds()
                        + " s (see fuser -m " + mountPoint + ")");
            }
            sleep(POLL_MILLIS);
        }
        forgetUnmountAtExit();
    }

    private boolean isMounted() {
        return MountTable.at(mountPoint).isPresent();
    }

    /**
     * One plain (not lazy) unmount: {@code umount} as root, {@code fusermount -u} otherwise (its
     * setuid helper lets the user who mounted unmount). Null when it succeeded, else what it said.
     */
    private String unmountOnce() {
        return runUnmount(isRoot() ? List.of("umount", mountPoint.toString())
                : List.of("fusermount", "-u", mountPoint.toString()), mountPoint);
    }

    /** Runs one unmount command: null when it succeeded, else what it said or why it could not run. */
    private static String runUnmount(List<String> command, Path mountPoint) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!process.waitFor(UNMOUNT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return process.exitValue() == 0 ? null : said.isEmpty() ? String.join(" ", command) + " failed" : said;
        } catch (IOException e) {
            return "cannot run " + String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while unmounting " + mountPoint);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while waiting for the mount table");
        }
    }
}
