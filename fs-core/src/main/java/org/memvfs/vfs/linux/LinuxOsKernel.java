package org.memvfs.vfs.linux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.linux.locate.KernelClock;
import org.memvfs.linux.object.Task;
import org.memvfs.linux.object.WalkLimits;
import org.memvfs.linux.object.WalkResult;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsProcess;

/**
 * A Linux kernel as the tree sees it: the adapter from linux-structs' model to the OS-neutral
 * interface. Processes are the thread-group leaders on init_task's list (init_task itself, pid 0,
 * is not one, as in {@code /proc}); each one's pid, parent and name are read once when the list is
 * read, so that one unreadable task is a problem line rather than a broken tree.
 */
public final class LinuxOsKernel implements OsKernel {
    private final LinuxKernel kernel;
    private final PhysicalMemory memory;
    private final MemoryCaches caches;
    private volatile List<String> problems = List.of();

    private LinuxOsKernel(LinuxKernel kernel, PhysicalMemory memory, MemoryCaches caches) {
        this.kernel = kernel;
        this.memory = memory;
        this.caches = caches;
    }

    /**
     * Finds a Linux kernel in {@code memory} through its BTF, with caches registered in {@code caches}.
     *
     * @throws MemoryException when there is none (the message says which step failed: no BTF,
     *                         no init_task …) or its BTF lacks a struct member the model needs
     */
    public static LinuxOsKernel open(PhysicalMemory memory, MemoryCaches caches) {
        return new LinuxOsKernel(LinuxKernel.open(new PagingCaches(memory, caches), WalkLimits.DEFAULT), memory, caches);
    }

    /** Serves an already opened kernel ({@code caches} must be those its page-table caches live in). */
    public static LinuxOsKernel of(LinuxKernel kernel, PhysicalMemory memory, MemoryCaches caches) {
        return new LinuxOsKernel(kernel, memory, caches);
    }

    public LinuxKernel model() {
        return kernel;
    }

    /** The kernel's banner, {@code Linux version 6.1.0-56-amd64 (…) #1 SMP …}. */
    @Override
    public String version() {
        return kernel.banner();
    }

    @Override
    public List<String> discovery() {
        return kernel.discoverySteps();
    }

    @Override
    public String regionFileName() {
        return "vma.txt";
    }

    @Override
    public String architecture() {
        return "x64";
    }

    @Override
    public PhysicalMemory memory() {
        return memory;
    }

    @Override
    public AddressSpace kernelSpace() {
        return kernel.kernelSpace();
    }

    @Override
    public MemoryCaches caches() {
        return caches;
    }

    @Override
    public List<OsProcess> processes() {
        WalkResult<Task> walk = kernel.processes();
        List<String> found = new ArrayList<>(walk.problems());
        List<OsProcess> result = new ArrayList<>();
        for (Task task : walk.items()) {
            try {
                result.add(new LinuxOsProcess(kernel, task, task.pid(), task.ppid(), task.comm()));
            } catch (MemoryException e) {
                found.add(task + " is left out: " + e.getMessage());
            }
        }
        problems = List.copyOf(found);
        return result;
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    /** The wall-clock time of the kernel's last timekeeping tick, when its timekeeper was found. */
    @Override
    public Optional<Instant> imageTime() {
        return kernel.clock().map(KernelClock::lastTick);
    }
}
