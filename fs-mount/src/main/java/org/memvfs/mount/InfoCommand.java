package org.memvfs.mount;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.vfs.os.OsKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memvfs info IMAGE}: what memvfs finds in an image. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show what memvfs finds in a memory image: its format, the physical ranges it holds, the CPU "
                + "registers its headers carry, and the operating-system kernel: which one, how each of its anchors "
                + "was found (DTB, kernel base, symbols or profile), and how many processes it lists."})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    KernelArguments image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KernelLoader.Request request = image.request(false);
        try (PhysicalMemory memory = KernelLoader.openMemory(request)) {
            out.printf("image:    %s%n", image.image);
            out.printf("format:   %s — %s%n", memory.format(), memory.description());
            long present = memory.ranges().stream().mapToLong(PhysicalRange::length).sum();
            out.printf("memory:   %s present in %d range%s, highest address %s%n", Sizes.human(present),
                    memory.ranges().size(), memory.ranges().size() == 1 ? "" : "s", Hex.u64(memory.size() - 1));
            for (PhysicalRange range : memory.ranges()) {
                out.printf("          %s-%s  %s%n", range.start(), Hex.u64(range.end().value() - 1), Sizes.human(range.length()));
            }
            if (memory.cpus().isEmpty()) {
                out.println("cpus:     the image records no CPU registers; give a page-table root with --root");
            }
            for (CpuState cpu : memory.cpus()) {
                PagingMode mode = cpu.pagingMode();
                out.printf("cpu %-5s cr0 %s  cr3 %s  cr4 %s  paging %s%s%n", cpu.cpu() + ":", Hex.u64(cpu.cr0()),
                        Hex.u64(cpu.cr3()), Hex.u64(cpu.cr4()), mode == null ? "off" : mode.displayName(),
                        mode == null ? "" : "  root " + cpu.root(mode));
            }
            DefaultRoot.of(memory).ifPresent(root -> out.printf("default:  root %s, %s (%s)%n", root.root(),
                    root.mode().displayName(), root.source()));
            try {
                OsKernel kernel = KernelLoader.findKernel(memory, new MemoryCaches(), request);
                out.printf("kernel:   %s%n", kernel.version());
                for (String step : kernel.discovery()) {
                    out.printf("          %s%n", step);
                }
                out.printf("processes: %d%n", kernel.processes().size());
                kernel.problems().forEach(problem -> out.printf("          partial: %s%n", problem));
            } catch (KernelLoader.KernelNotFound e) {
                out.printf("kernel:   none found%n          %s%n", e.what().replace("\n", "\n          "));
            }
        }
        return 0;
    }
}
