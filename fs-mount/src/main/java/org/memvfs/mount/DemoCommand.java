package org.memvfs.mount;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.win.sample.SampleImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs demo MOUNTPOINT}: the built-in sample image, mounted. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build memvfs's sample Windows memory image and mount it at MOUNTPOINT, as `memvfs mount` would "
                + "mount a real one; stays until Ctrl-C or SIGTERM. MOUNTPOINT is created when it does not exist. The "
                + "image is written to a temporary file that is deleted on exit."})
final class DemoCommand implements Callable<Integer> {
    static final String DEFAULT_BUILD = "win10-19041-x64";

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "An empty directory to mount on.")
    Path mountPoint;

    @Option(names = "--build", paramLabel = "ID", defaultValue = DEFAULT_BUILD,
            description = "The Windows build of the sample (default ${DEFAULT-VALUE}; `memvfs sample --list` lists them).")
    String build;

    @Mixin
    MountCommand.MountArguments mount;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Path image;
        try {
            if (!Files.exists(mountPoint)) {
                Files.createDirectories(mountPoint);
            }
            image = Files.createTempFile("memvfs-sample-" + build + "-", ".raw");
        } catch (IOException e) {
            throw new ImageIoException("cannot create a temporary file for the sample", Path.of(System.getProperty("java.io.tmpdir")), 0, e);
        }
        image.toFile().deleteOnExit();
        err.printf("memvfs: building the %s sample image…%n", build);
        err.flush();
        SampleImages.build(build).writeRaw(image);
        return mount.run(KernelLoader.Request.of(image), mountPoint, spec.commandLine().getOut(), err);
    }
}
