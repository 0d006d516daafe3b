package org.memvfs.mount;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;
import org.memvfs.vfs.os.OsProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memvfs translate IMAGE [--root CR3] VA…}: one page walk per address, shown step by step. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translate virtual addresses through the image's page tables and show each walk: "
                + "one line per paging level (level, table physical address, entry offset, raw entry), "
                + "the page, and the physical address or the reason there is none.",
                "",
                "--pid PID walks that process's tables (the kernel is found first, and its rules for entries that "
                        + "are not present apply); --root CR3 walks from a root you give. Without either, the root is "
                        + "the CR3 of the first CPU the image's notes record."})
final class TranslateCommand implements Callable<Integer> {
    @Mixin
    KernelArguments image;

    @Option(names = "--pid", paramLabel = "PID", description = "Walk the tables of this process.")
    Integer pid;

    @Option(names = "--root", paramLabel = "CR3",
            description = "The page-table root, as a CR3 value in hex (PCID and flag bits are masked off).")
    String root;

    @Option(names = "--paging", paramLabel = "MODE",
            description = "The paging mode: x64, x64-la57, pae or x86. Default: what the CPU registers say, else x64.")
    String paging;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VA", description = "Virtual addresses in hex.")
    List<String> addresses;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Va> vas = addresses.stream().map(Va::parse).toList();
        if (pid != null && root != null) {
            throw new IllegalArgumentException("give --pid or --root, not both");
        }
        if (pid != null) {
            try (KernelLoader.Session session = KernelLoader.open(image.request(false), null)) {
                OsProcess process = session.kernel().processes().stream().filter(p -> p.pid() == pid).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no process " + pid + " in " + image.image));
                return walkAll(out, process.addressSpace(), vas);
            }
        }
        try (PhysicalMemory memory = KernelLoader.openMemory(image.request(false))) {
            DefaultRoot fallback = DefaultRoot.of(memory).orElse(null);
            PagingMode mode = paging != null ? PagingMode.byId(paging)
                    : fallback != null ? fallback.mode() : PagingMode.X64_4LEVEL;
            Pa rootPa;
            if (root != null) {
                rootPa = mode.rootOf(Hex.parseUnsigned(root));
            } else if (fallback != null) {
                rootPa = fallback.root();
            } else {
                throw new IllegalArgumentException("the image records no CPU registers: give the page-table root with --root CR3");
            }
            return walkAll(out, AddressSpace.of(memory, mode, rootPa), vas);
        }
    }

    /** Prints each walk; exits with 2 when some address does not translate. */
    private static int walkAll(PrintWriter out, AddressSpace space, List<Va> vas) {
        int unmapped = 0;
        for (Va va : vas) {
            Translation t = space.translate(va);
            print(out, t);
            if (!t.isMapped()) {
                unmapped++;
            }
        }
        return unmapped == 0 ? 0 : 2;
    }

    private static void print(PrintWriter out, Translation t) {
        out.printf("va   %s  root %s  %s%n", t.va(), t.root(), t.mode().displayName());
        for (PagingLevel level : t.mode().levels()) {
            WalkStep step = t.step(level).orElse(null);
            if (step == null) {
                out.printf("%-4s %016x +%03x %016x%n", level.name(), 0L, 0, 0L);
            } else {
                out.printf("%-4s %s +%03x %s%n", level.name(), step.table(), step.entryOffset(), step.entry());
            }
        }
        out.printf("PAGE %s%n", t.pageBase().map(Pa::toString).orElse(Hex.u64(0)));
        out.println(t.describe());
        out.println();
    }
}
