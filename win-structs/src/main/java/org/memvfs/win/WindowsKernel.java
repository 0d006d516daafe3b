package org.memvfs.win;

import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.Va;
import org.memvfs.win.locate.Discovery;
import org.memvfs.win.locate.KernelLocator;
import org.memvfs.win.object.KernelObjects;
import org.memvfs.win.object.WalkResult;
import org.memvfs.win.object.WinModule;
import org.memvfs.win.object.WinProcess;
import org.memvfs.win.profile.ProfileException;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.pte.WindowsPteRules;

/**
 * The Windows kernel of a memory image: found by {@link #open} (see {@link KernelLocator} for
 * how), then read through thin views. Nothing is cached here beyond the page-table caches: each
 * call walks the kernel's lists anew. Safe for concurrent use.
 */
public final class WindowsKernel {
    private final Discovery discovery;
    private final KernelObjects objects;

    private WindowsKernel(Discovery discovery, KernelObjects objects) {
        this.discovery = discovery;
        this.objects = objects;
    }

    /**
     * Finds the kernel in {@code memory}, with caches of its own.
     *
     * @throws org.memvfs.win.locate.KernelNotFoundException  when no Windows kernel is found
     * @throws org.memvfs.win.locate.ProfileMismatchException when no structure profile (or the one given) fits
     * @throws MemoryException                                for a symbol file that cannot be read
     */
    public static WindowsKernel open(PhysicalMemory memory, KernelOptions options) {
        return open(new PagingCaches(memory, new MemoryCaches()), options);
    }

    /** Finds the kernel in the memory of {@code caches}, sharing them (their statistics show in {@code /conf}). */
    public static WindowsKernel open(PagingCaches caches, KernelOptions options) {
        Discovery found = KernelLocator.locate(caches, options.hints(), options.symbols(), options.profileId(),
                options.limits().maxProcesses());
        AddressSpace tables = new AddressSpace(caches, found.mode(), found.dtb(), SoftwareEntryResolver.NONE);
        AddressSpace kernelSpace;
        try {
            WindowsPteRules rules = WindowsPteRules.of(found.profile());
            // prototype PTEs are read through a kernel space that does not follow prototypes itself
            kernelSpace = tables.withResolver(rules.withPrototypesFrom(tables.withResolver(rules)));
            found = found.withStep("software PTEs: transition, prototype and paging-file entries read with the "
                    + "_MMPTE_* layouts of " + found.profile().id());
        } catch (ProfileException e) {
            // a symbol file without the PTE types still reads everything that is mapped
            kernelSpace = tables;
            found = found.withStep("software PTEs: not interpreted (" + e.what() + ")");
        }
        return new WindowsKernel(found, new KernelObjects(found.profile(), kernelSpace, options.limits()));
    }

    /** The structure profile in use. */
    public WindowsProfile profile() {
        return discovery.profile();
    }

    /** What discovery found, with every step and why. */
    public Discovery discovery() {
        return discovery;
    }

    /** The reason lines of discovery, for {@code memvfs info}. */
    public List<String> discoverySteps() {
        return discovery.steps();
    }

    /** The kernel's address space (System's tables), with Windows' software-PTE rules. */
    public AddressSpace kernelSpace() {
        return objects.kernelSpace();
    }

    /** Where ntoskrnl's image starts. */
    public Va kernelBase() {
        return discovery.kernelBase();
    }

    /** The context the views read in, for code that makes views of its own addresses. */
    public KernelObjects objects() {
        return objects;
    }

    /** The processes on PsActiveProcessHead, in list order, with the problems the walk met. */
    public WalkResult<WinProcess> processes() {
        return objects.processes(discovery.psActiveProcessHead());
    }

    /** The System process. */
    public WinProcess systemProcess() {
        return objects.process(discovery.systemProcess());
    }

    /**
     * The first listed process with {@code pid}; empty when there is none. Entries whose pid cannot
     * be read are passed over.
     */
    public Optional<WinProcess> process(int pid) {
        for (WinProcess process : processes().items()) {
            try {
                if (process.pid() == pid) {
                    return Optional.of(process);
                }
            } catch (MemoryException e) {
                // an unreadable entry is not the one asked for; processes() reports it
            }
        }
        return Optional.empty();
    }

    /** The kernel modules on PsLoadedModuleList, in load order; a failed walk when the list head is unknown. */
    public WalkResult<WinModule> kernelModules() {
        return discovery.psLoadedModuleList().map(objects::kernelModules)
                .orElseGet(() -> WalkResult.failed("PsLoadedModuleList was not found; see the discovery steps"));
    }

    @Override
    public String toString() {
        return "Windows kernel at " + kernelBase() + " (" + profile().id() + ")";
    }
}
