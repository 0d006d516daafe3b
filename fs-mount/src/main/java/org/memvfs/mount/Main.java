package org.memvfs.mount;

import java.io.PrintWriter;
import org.memvfs.mmu.MemoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code memvfs} command. */
@Command(name = "memvfs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"A memory image as a file system.", "",
                "memvfs finds the operating system in a memory image (a raw dump or an ELF core of a whole machine) "
                        + "and mounts it: every process a directory, its memory files, its threads, modules and memory "
                        + "map, and virt2phys to follow an address through the page tables. Start with `memvfs demo DIR`."},
        subcommands = {MountCommand.class, DemoCommand.class, InfoCommand.class, TranslateCommand.class, LsCommand.class,
                CatCommand.class, TreeCommand.class, SampleCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Runs the command line and returns its exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("mount") || args[0].equals("demo"))) {
            FuseMount.prepareInBackground(); // overlaps libfuse's bindings with parsing and kernel discovery
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Errors about the image are the user's to fix: one line, no stack trace. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof MemoryException || e instanceof IllegalArgumentException) {
            err.println("memvfs: " + e.getMessage());
            return 1;
        }
        err.println("memvfs: internal error: " + e);
        e.printStackTrace(err);
        return 70;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"memvfs " + (version == null ? "(development build)" : version)};
        }
    }
}
