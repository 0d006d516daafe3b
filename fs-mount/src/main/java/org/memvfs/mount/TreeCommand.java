package org.memvfs.mount;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.Vfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs tree IMAGE [PATH]}: the tree below a path, indented, without mounting. */
@Command(name = "tree", mixinStandardHelpOptions = true,
        description = {"Print the memvfs tree of an image below a path, one entry per line, indented by depth: for "
                + "scripts and machines without FUSE."})
final class TreeCommand implements Callable<Integer> {
    @Mixin
    KernelArguments kernel;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Where to start (default: the root).")
    String path = "/";

    @Option(names = "--depth", paramLabel = "N", description = "Go at most N levels down (default 3).")
    int depth = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KernelLoader.Session session = KernelLoader.open(kernel.request(false), null)) {
            print(out, session.vfs(), path, 0);
        }
        return 0;
    }

    private void print(PrintWriter out, Vfs vfs, String directory, int level) {
        if (level >= depth) {
            return;
        }
        for (DirectoryEntry entry : vfs.list(directory)) {
            out.println("  ".repeat(level) + entry.name() + (entry.directory() ? "/" : ""));
            if (entry.directory()) {
                print(out, vfs, directory + "/" + entry.name(), level + 1);
            }
        }
    }
}
