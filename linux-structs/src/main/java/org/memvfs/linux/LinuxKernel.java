package org.memvfs.linux;

import java.util.List;
import java.util.Optional;
import org.memvfs.linux.btf.MissingTypeException;
import org.memvfs.linux.locate.Discovery;
import org.memvfs.linux.locate.KernelAddresses;
import org.memvfs.linux.locate.KernelClock;
import org.memvfs.linux.locate.KernelLocator;
import org.memvfs.linux.object.KernelObjects;
import org.memvfs.linux.object.MmStruct;
import org.memvfs.linux.object.Task;
import org.memvfs.linux.object.WalkLimits;
import org.memvfs.linux.object.WalkResult;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.SoftwareEntryResolver;

/**
 * The Linux kernel of a memory image, found with no symbol file through the kernel's own BTF
 * ({@link #open}; see {@link KernelLocator} for how), then read through thin views. Nothing is
 * cached here beyond the page-table caches: each call walks the kernel's lists anew. Safe for
 * concurrent use.
 */
public final class LinuxKernel {
    private final Discovery discovery;
    private final KernelObjects objects;

    private LinuxKernel(Discovery discovery, KernelObjects objects) {
        this.discovery = discovery;
        this.objects = objects;
    }

    /**
     * Finds the kernel in {@code memory}, with caches of its own.
     *
     * @throws org.memvfs.linux.locate.KernelNotFoundException when there is no Linux kernel with BTF
     *                                                        to be found, naming the step that failed
     * @throws MissingTypeException                            when its BTF lacks a struct member the model needs
     */
    public static LinuxKernel open(PhysicalMemory memory) {
        return open(new PagingCaches(memory, new MemoryCaches()), WalkLimits.DEFAULT);
    }

    /** Finds the kernel in the memory of {@code caches}, sharing them (their statistics show in {@code /conf}). */
    public static LinuxKernel open(PagingCaches caches, WalkLimits limits) {
        Discovery found = KernelLocator.locate(caches);
        AddressSpace kernelSpace = new AddressSpace(caches, found.mode(), found.topTable(), SoftwareEntryResolver.NONE);
        try {
            return new LinuxKernel(found, new KernelObjects(found.btf(), kernelSpace, limits));
        } catch (MissingTypeException e) {
            throw new MissingTypeException("Linux " + found.release() + ": " + e.what());
        }
    }

    /** What discovery found, with every step and why. */
    public Discovery discovery() {
        return discovery;
    }

    /** The reason lines of discovery, for {@code memvfs info} and {@code sys/version.txt}. */
    public List<String> discoverySteps() {
        return discovery.steps();
    }

    /** The kernel's banner line: {@code Linux version 6.1.0-56-amd64 (…) #1 SMP …}. */
    public String banner() {
        return discovery.banner();
    }

    public PagingMode mode() {
        return discovery.mode();
    }

    /** The kernel's address space: its own top table ({@code swapper_pg_dir}). */
    public AddressSpace kernelSpace() {
        return objects.kernelSpace();
    }

    /** The context the views read in, for code that makes views of its own addresses. */
    public KernelObjects objects() {
        return objects;
    }

    /** {@code init_task}: CPU 0's idle task (pid 0), the head of the task list. */
    public Task initTask() {
        return objects.task(discovery.initTask());
    }

    /** The processes (thread-group leaders) on {@code init_task.tasks}, in list order, with the problems the walk met. */
    public WalkResult<Task> processes() {
        return objects.processes(initTask());
    }

    /** The first listed process with {@code pid}; empty when there is none. Entries that cannot be read are passed over. */
    public Optional<Task> process(int pid) {
        for (Task task : processes().items()) {
            try {
                if (task.pid() == pid) {
                    return Optional.of(task);
                }
            } catch (MemoryException e) {
                // an unreadable entry is not the one asked for; processes() reports it
            }
        }
        return Optional.empty();
    }

    /** Whether user space runs on KPTI's user copy of each process's table. */
    public boolean kpti() {
        return discovery.kpti();
    }

    /** The table CR3 holds while {@code mm}'s process runs in user mode under KPTI ({@code pgd | 0x1000}); empty without KPTI. */
    public Optional<Pa> userTable(MmStruct mm) {
        return kpti() ? Optional.of(mm.pgdTable().plus(KernelAddresses.KPTI_USER_TABLE_OFFSET)) : Optional.empty();
    }

    /** The kernel's wall clock (its timekeeper's), when discovery found it. */
    public Optional<KernelClock> clock() {
        return discovery.clock();
    }

    /** One past the highest user address: 2^47 with 4-level paging, 2^56 with 5-level. */
    public long userSpaceSize() {
        return 1L << (discovery.mode().vaBits() - 1);
    }

    @Override
    public String toString() {
        return discovery.toString();
    }
}
