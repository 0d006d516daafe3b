package org.memvfs.mount;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.memvfs.mmu.PhysicalRange;
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
                        + "and the image file is writable."})
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
        return mount.run(kernel.request(mount.readWrite), mountPoint, spec.commandLine().getOut(), spec.commandLine().getErr());
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

        int run(KernelLoader.Request request, Path mountPoint, PrintWriter out, PrintWriter err) throws InterruptedException {
            Logging.configure(verbose.length, logFile);
            try (KernelLoader.Session session = KernelLoader.open(request, err)) {
                long present = session.memory().ranges().stream().mapToLong(PhysicalRange::length).sum();
                out.printf("image:     %s%n", request.image());
                out.printf("format:    %s — %s%n", session.memory().format(), session.memory().description());
                out.printf("memory:    %s present%n", Sizes.human(present));
                out.printf("paging:    %s%n", session.kernel().kernelSpace().mode().displayName());
                out.printf("kernel:    %s%n", session.kernel().version());
                out.printf("processes: %d%s%n", session.vfs().names("pid").size(),
                        session.kernel().problems().isEmpty() ? "" : " (" + session.kernel().problems().size() + " problems: see sys/proc/proc.txt)");
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
