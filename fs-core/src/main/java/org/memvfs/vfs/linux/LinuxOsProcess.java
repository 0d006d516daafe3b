package org.memvfs.vfs.linux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.linux.object.MmStruct;
import org.memvfs.linux.object.Task;
import org.memvfs.linux.object.Vma;
import org.memvfs.linux.object.WalkResult;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.vfs.os.OsModule;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.vfs.os.OsRegion;
import org.memvfs.vfs.os.OsTextFile;
import org.memvfs.vfs.os.OsThread;

/**
 * A Linux process (a thread-group leader) seen by the tree. The model reads on every call; this
 * adapter walks the VMAs and the threads once and keeps the result, because the tree asks for
 * them many times while one directory is read, and {@code vma.txt} and {@code vmemd/} must agree.
 * Kernel threads have no {@code mm}: no regions, and the kernel's own table as their DTB.
 */
final class LinuxOsProcess implements OsProcess {
    private final LinuxKernel kernel;
    private final Task task;
    private final int pid;
    private final int ppid;
    private final String name;
    private final Supplier<Optional<MmStruct>> mm;
    private final Supplier<Regions> regions;
    private final Supplier<WalkResult<Task>> threads;
    private final Supplier<WalkResult<OsThread>> shownThreads;

    /** The VMAs as the tree shows them: regions, their /proc/PID/maps lines, and what could not be read. */
    record Regions(List<OsRegion> regions, List<String> lines, List<String> problems) {
    }

    LinuxOsProcess(LinuxKernel kernel, Task task, int pid, int ppid, String name) {
        this.kernel = kernel;
        this.task = task;
        this.pid = pid;
        this.ppid = ppid;
        this.name = name;
        this.mm = memo(task::mm);
        this.regions = memo(this::readRegions);
        this.threads = memo(task::threads);
        this.shownThreads = memo(this::readThreads);
    }

    private static <T> Supplier<T> memo(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }

    Task task() {
        return task;
    }

    @Override
    public int pid() {
        return pid;
    }

    /** {@code real_parent->tgid}, as ps shows it. */
    @Override
    public int ppid() {
        return ppid;
    }

    /** {@code task_struct.comm}. */
    @Override
    public String name() {
        return name;
    }

    /** As {@code /proc/PID/status} says it: {@code S (sleeping)}. */
    @Override
    public String state() {
        try {
            return task.state().describe();
        } catch (MemoryException e) {
            return "? (unreadable: " + e.what() + ")";
        }
    }

    @Override
    public boolean isRunning() {
        try {
            return !task.state().hasExited();
        } catch (MemoryException e) {
            return true;
        }
    }

    /**
     * {@code task_struct.start_time} (monotonic, since boot) on the kernel's wall clock; empty when
     * its timekeeper was not found ({@code threads/<tid>/info.txt} still shows the time since boot).
     */
    @Override
    public Optional<Instant> createTime() {
        try {
            return kernel.clock().map(clock -> clock.wallTime(task.startTime()));
        } catch (MemoryException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Instant> exitTime() {
        return Optional.empty();
    }

    /** {@code mm->pgd} as a physical address; the kernel's own table for a kernel thread. */
    @Override
    public Pa dtb() {
        return mm.get().map(MmStruct::pgdTable).orElse(kernel.kernelSpace().root());
    }

    /** Under KPTI, the user copy of the table: {@code pgd | 0x1000}. */
    @Override
    public Optional<Pa> userDtb() {
        return mm.get().flatMap(kernel::userTable);
    }

    @Override
    public AddressSpace addressSpace() {
        return mm.get().map(MmStruct::addressSpace).orElse(kernel.kernelSpace());
    }

    @Override
    public long userSpaceSize() {
        return kernel.userSpaceSize();
    }

    @Override
    public List<OsThread> threads() {
        return shownThreads.get().items();
    }

    @Override
    public List<String> threadProblems() {
        return shownThreads.get().problems();
    }

    /** The threads as the tree shows them: a thread whose own fields do not read is left out, and said so. */
    private WalkResult<OsThread> readThreads() {
        List<OsThread> result = new ArrayList<>();
        List<String> problems = new ArrayList<>(threads.get().problems());
        for (Task thread : threads.get().items()) {
            try {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("comm", thread.comm());
                details.put("started", LinuxNames.sinceBoot(thread.startTime()));
                thread.cpu().ifPresent(cpu -> details.put("cpu", Integer.toString(cpu)));
                details.put("flags", String.format("%08x", thread.flags()));
                details.put("task_struct", thread.address().toString());
                Instant created = kernel.clock().map(clock -> clock.wallTime(thread.startTime())).orElse(null);
                result.add(new OsThread(thread.pid(), thread.state().describe(), null, null, thread.prio(), created, details));
            } catch (MemoryException e) {
                problems.add("thread at " + thread.address() + " is left out: " + e.getMessage());
            }
        }
        return new WalkResult<>(result, problems);
    }

    @Override
    public List<OsRegion> regions() {
        return regions.get().regions();
    }

    @Override
    public List<String> regionProblems() {
        return regions.get().problems();
    }

    /** The lines of {@code /proc/PID/maps}, as the kernel would print them. */
    @Override
    public Optional<List<String>> regionLines() {
        return Optional.of(regions.get().lines());
    }

    private Regions readRegions() {
        Optional<MmStruct> space = mm.get();
        if (space.isEmpty()) {
            return new Regions(List.of(), List.of(), List.of());
        }
        WalkResult<Vma> vmas = space.get().vmas();
        List<OsRegion> result = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>(vmas.problems());
        for (Vma vma : vmas.items()) {
            try {
                String line = vma.mapsLine();
                result.add(LinuxNames.region(vma));
                lines.add(line);
            } catch (MemoryException e) {
                problems.add(vma + " is left out: " + e.getMessage());
            }
        }
        return new Regions(result, lines, problems);
    }

    /** The mapped files, one module each: from the lowest VMA that maps it to the end of the highest. */
    @Override
    public List<OsModule> modules() {
        Map<String, OsModule> byPath = new LinkedHashMap<>();
        for (OsRegion region : regions()) {
            if (region.kind().equals(LinuxNames.FILE_KIND)) {
                byPath.merge(region.file(), new OsModule(region.tag(), region.start(), region.size(), null, region.file()),
                        (first, more) -> new OsModule(first.name(), first.base(),
                                Math.max(first.size(), more.base().value() + more.size() - first.base().value()), null, first.path()));
            }
        }
        return List.copyOf(byPath.values());
    }

    @Override
    public List<OsTextFile> textFiles() {
        return List.of(new OsTextFile("linux-cmdline.txt", this::commandLine));
    }

    /** The arguments joined by spaces, as {@code ps -o args} shows them; empty for a kernel thread. */
    private String commandLine() {
        return mm.get().map(space -> String.join(" ", space.arguments().items())).orElse("");
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>(threadProblems());
        problems.addAll(regions.get().problems());
        mm.get().ifPresent(space -> {
            try {
                problems.addAll(space.arguments().problems());
            } catch (MemoryException e) {
                problems.add("the command line: " + e.getMessage());
            }
        });
        return problems;
    }
}
