package org.memvfs.mount;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.FileAttributes;
import org.memvfs.vfs.Vfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs ls IMAGE [PATH]}: a directory of the tree, without mounting. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List a directory of the memvfs tree of an image without mounting it: for scripts and machines "
                + "without FUSE. Directories end with /; -l adds sizes and modes."})
final class LsCommand implements Callable<Integer> {
    @Mixin
    KernelArguments kernel;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A path in the tree (default: the root).")
    String path = "/";

    @Option(names = "-l", description = "Show size, mode and time of each entry.")
    boolean longFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KernelLoader.Session session = KernelLoader.open(kernel.request(false), null)) {
            Vfs vfs = session.vfs();
            for (DirectoryEntry entry : vfs.list(path)) {
                if (!longFormat) {
                    out.println(entry.name() + (entry.directory() ? "/" : ""));
                    continue;
                }
                FileAttributes a = vfs.stat(path + "/" + entry.name());
                out.printf("%s %16d %s %s%s%n", a.directory() ? "dr-xr-xr-x" : a.writable() ? "-rw-r--r--" : "-r--r--r--",
                        a.size(), a.time(), entry.name(), entry.directory() ? "/" : "");
            }
        }
        return 0;
    }
}
