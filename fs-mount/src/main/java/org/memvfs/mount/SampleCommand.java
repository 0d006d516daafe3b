package org.memvfs.mount;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs sample --build ID OUT}: writes the built-in sample image of a Windows build. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Write memvfs's sample Windows memory image (a raw image laid out the way a real Windows kernel "
                + "lays out memory: 30+ processes, threads, VADs, modules) for one Windows build. The same bytes every "
                + "time. --list shows the builds."})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--build", paramLabel = "ID", defaultValue = DemoCommand.DEFAULT_BUILD,
            description = "The Windows build (default ${DEFAULT-VALUE}).")
    String build;

    @Option(names = "--list", description = "List the builds that can be written, then stop.")
    boolean list;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUT", description = "Where to write the raw image.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter text = spec.commandLine().getOut();
        if (list || out == null) {
            SampleImages.supportedProfiles().forEach(text::println);
            return list ? 0 : 2;
        }
        SampleImage image = SampleImages.build(build);
        image.writeRaw(out);
        text.printf("wrote %s: %s, %d processes, %s of physical memory%n", out, build, image.manifest().processes().size(),
                Sizes.human(image.physicalSize()));
        return 0;
    }
}
