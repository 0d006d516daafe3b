package org.memvfs.mount;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.vfs.RefreshPeriods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs mount IMAGE MOUNTPOINT}: the tree of an image as a file system, until stopped. */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount the memvfs tree of a memory image at MOUNTPOINT and stay in the foreground until Ctrl-C or "
                + "SIGTERM, then unmount. Every process becomes a directory under pid/ and name/; see the README for "
                + "the tree.",
                "",
                "MOUNTPOINT must be an empty directory. A stale mount left there by a memvfs that was killed is cleared. "
                        + "The mount is visible to the user who mounted it only, unless --allow-other; mode bits are "
                        + "enforced (default_permissions). Nothing in the image is written unless --read-write is given "
                        + "and the image file is writable.",
                "",
                "With --live, IMAGE is the RAM of a running QEMU guest (/dev/shm/NAME): every memory file is read "
                        + "through to the guest's RAM, cached translations are dropped every --refresh-memory-ms and the "
                        + "process list re-read every --refresh-processes-s; conf/refresh.txt shows and changes both."})
final class MountCommand implements Callable<Integer> {
    @Mixin
    KernelArguments kernel;

    @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "An empty directory to mount on.")
    Path mountPoint;

    @Mixin
    MountArguments mount;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return mount.run(kernel.request(mount.readWrite).withRefresh(mount.refreshPeriods()), mountPoint,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** What every mounting command shares: the options, and the run until unmounted. */
    static final class MountArguments {
        @Option(names = "--read-write", description = "Let memory files (memory.pmem, memory.vmem, vmemd/*) be written, "
                + "through to the image file. Off by default: the image is opened read-only.")
        boolean readWrite;

        @Option(names = "--allow-other", description = "Let other users see the mount (needs user_allow_other in "
                + "/etc/fuse.conf when not root). Mode bits still apply.")
        boolean allowOther;

        @Option(names = "-v", description = "Say more: -v for progress and warnings, -vv for debugging (also FUSE's own).")
        boolean[] verbose = new boolean[0];

        @Option(names = "--log-file", paramLabel = "FILE", description = "Also write the log to FILE.")
        Path logFile;

        @Option(names = "--refresh-memory-ms", paramLabel = "N", description = "With --live: drop cached page-table pages, "
                + "translations and rendered files every N ms, so that no read of a memory file uses a translation older "
                + "than that (default: ${DEFAULT-VALUE}; " + RefreshPeriods.MIN_MEMORY_MS + " to " + RefreshPeriods.MAX_MEMORY_MS
                + ").", defaultValue = "" + RefreshPeriods.DEFAULT_MEMORY_MS)
        long refreshMemoryMs;

        @Option(names = "--refresh-processes-s", paramLabel = "N", description = "With --live: read the process list "
                + "again every N s (default: ${DEFAULT-VALUE}; " + RefreshPeriods.MIN_PROCESSES_S + " to "
                + RefreshPeriods.MAX_PROCESSES_S + ").", defaultValue = "" + RefreshPeriods.DEFAULT_PROCESSES_S)
        long refreshProcessesS;

        /** @throws IllegalArgumentException for a period out of range */
        RefreshPeriods refreshPeriods() {
            return new RefreshPeriods(Duration.ofMillis(refreshMemoryMs), Duration.ofSeconds(refreshProcessesS));
        }

        int run(KernelLoader.Request request, Path mountPoint, PrintWriter out, PrintWriter err) throws InterruptedException {
            Logging.configure(verbose.length, logFile);
            FuseMount.prepareInBackground();
            try (KernelLoader.Session session = KernelLoader.open(request, err)) {
                long present = session.memory().ranges().stream().mapToLong(PhysicalRange::length).sum();
                out.printf("image:     %s%n", request.image());
                out.printf("format:    %s — %s%n", session.memory().format(), session.memory().description());
                out.printf("memory:    %s present%n", Sizes.human(present));
                out.printf("paging:    %s%n", session.kernel().kernelSpace().mode().displayName());
                out.printf("kernel:    %s%n", session.kernel().version());
                out.printf("processes: %d%s%n", session.vfs().names("pid").size(),
                        session.kernel().problems().isEmpty() ? "" : " (" + session.kernel().problems().size() + " problems: see sys/proc/proc.txt)");
                session.vfs().refreshPeriods().ifPresent(periods -> out.printf(
                        "refresh:   live: caches every %d ms, processes every %d s (conf/refresh.txt)%n",
                        periods.memory().toMillis(), periods.processes().toSeconds()));
                out.flush();
                FuseMount fuse = FuseMount.mount(session.vfs(), mountPoint, new FuseMount.Options(allowOther, verbose.length >= 2));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        fuse.close();
                        out.printf("memvfs: unmounted %s%n", fuse.mountPoint());
                    } catch (MountException e) {
                        err.printf("memvfs: %s%n", e.getMessage());
                    }
                    out.flush();
                    err.flush();
                }, "memvfs-unmount"));
                out.printf("mounted:   %s (Ctrl-C or SIGTERM unmounts)%n", fuse.mountPoint());
                out.flush();
                fuse.awaitUnmounted();
            }
            return 0;
        }
    }
}
