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
                "Without --root, the root is the CR3 of the first CPU the image's notes record."})
final class TranslateCommand implements Callable<Integer> {
    @Mixin
    ImageArguments image;

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
        try (PhysicalMemory memory = image.open()) {
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
            AddressSpace space = AddressSpace.of(memory, mode, rootPa);
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
