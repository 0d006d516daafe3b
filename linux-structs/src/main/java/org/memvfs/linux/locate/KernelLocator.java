package org.memvfs.linux.locate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.Va;

/**
 * Finds a Linux kernel in physical memory with no symbol file, in this order:
 * <ol>
 * <li>one scan of the image for BTF headers, {@code "swapper/0"} and the banner, ending at the
 *     first {@code init_task} that checks out (see {@link BtfProbe}, {@link InitTaskProbe});</li>
 * <li>{@code phys_base} from init_task's physical and kernel-image addresses;</li>
 * <li>{@code page_offset_base} from {@code init_task.tasks.next} ({@link DirectMapProbe});</li>
 * <li>a user process's top table from its {@code mm->pgd}, the paging mode under which it maps
 *     the kernel as found, and from it the kernel's own table ({@link TopTableProbe});</li>
 * <li>KPTI ({@link KptiProbe}) and the version ({@link VersionProbe}).</li>
 * </ol>
 */
public final class KernelLocator {
    /** Tasks looked at for a user process while the tables are unknown. */
    static final int MAX_TASKS_FOR_TABLE = 4096;
    /** The patterns of the one scan, by their index in {@link #PATTERNS}. */
    private static final int BTF_HEADER = 0;
    private static final int SWAPPER_COMM = 1;
    private static final List<byte[]> PATTERNS = List.of(BtfProbe.HEADER_START, InitTaskProbe.COMM, VersionProbe.BANNER_START);

    private final PagingCaches caches;
    private final PhysicalMemory memory;
    private final List<String> steps = new ArrayList<>();

    private KernelLocator(PagingCaches caches) {
        this.caches = caches;
        this.memory = caches.memory();
    }

    /**
     * Finds the kernel in the memory of {@code caches}.
     *
     * @throws KernelNotFoundException naming the step that failed: no BTF (not a Linux image, or a
     *                                 kernel built without BTF), no init_task, no direct map, no table
     */
    public static Discovery locate(PagingCaches caches) {
        return new KernelLocator(caches).locate();
    }

    /** What the scan found; filled in by its listener. */
    private final class ScanState implements PhysicalScan.Listener {
        final BtfProbe btfProbe = new BtfProbe(memory);
        final List<Pa> pendingTasks = new ArrayList<>();
        final List<Pa> bannerHits = new ArrayList<>();
        Btf btf;
        Pa btfAt;
        InitTaskProbe taskProbe;
        InitTaskProbe.Found initTask;
        int commHits;

        @Override
        public boolean found(int pattern, Pa where) {
            switch (pattern) {
                case BTF_HEADER -> {
                    if (btf == null && btfProbe.canTryMore()) {
                        btf = btfProbe.tryAt(where);
                        if (btf != null) {
                            btfAt = where;
                            taskProbe = new InitTaskProbe(btf, memory);
                            for (Pa pending : pendingTasks) {
                                tryTask(pending);
                            }
                        }
                    }
                }
                case SWAPPER_COMM -> {
                    commHits++;
                    if (taskProbe != null) {
                        tryTask(where);
                    } else if (pendingTasks.size() < InitTaskProbe.MAX_PENDING) {
                        pendingTasks.add(where);
                    }
                }
                default -> {
                    if (bannerHits.size() < VersionProbe.MAX_BANNER_HITS) {
                        bannerHits.add(where);
                    }
                }
            }
            return initTask == null;
        }

        private void tryTask(Pa where) {
            if (initTask == null) {
                initTask = taskProbe.tryAt(where);
            }
        }
    }

    private Discovery locate() {
        ScanState scan = new ScanState();
        long scanned = new PhysicalScan(PATTERNS).scan(memory, scan);
        steps.add(String.format("scan: %,d MiB of %s physical memory read once for BTF headers, \"swapper/0\" and the banner",
                scanned >> 20, memory.format()));
        steps.addAll(scan.btfProbe.rejections());
        if (scan.btf == null) {
            throw new KernelNotFoundException("no Linux kernel BTF in " + Hex.of(scanned) + " bytes of physical memory"
                    + (scan.btfProbe.rejections().isEmpty() ? " (no BTF header at all)" : ": " + scan.btfProbe.rejections())
                    + ": not a Linux image, or a kernel built without CONFIG_DEBUG_INFO_BTF (memvfs needs no symbol file, but it needs BTF)");
        }
        Btf btf = scan.btf;
        steps.add(BtfProbe.describe(btf, scan.btfAt));
        if (scan.initTask == null) {
            throw new KernelNotFoundException("BTF found at PA " + Hex.of(scan.btfAt.value()) + ", but none of the " + scan.commHits
                    + " places holding \"swapper/0\" is init_task (pid 0, tgid 0, kernel pointers in tasks, empty list heads "
                    + "pointing back into the kernel image)" + firstOf(scan.taskProbe.rejections()));
        }
        InitTaskProbe.Found initTask = scan.initTask;
        long physBase = initTask.at().value() - (initTask.va().value() - KernelAddresses.KERNEL_IMAGE_BASE);
        steps.add("init_task: at PA " + Hex.of(initTask.at().value()) + " (comm \"swapper/0\", pid 0, tgid 0); " + initTask.votes()
                + " of its " + initTask.heads() + " list heads are empty and point back at it, so its address is "
                + initTask.va());
        steps.add("phys_base: " + Hex.of(physBase) + " = init_task's PA - (its VA - __START_KERNEL_map " + Hex.of(KernelAddresses.KERNEL_IMAGE_BASE)
                + "), modulo 2^64" + (physBase < 0 ? " (\"negative\": KASLR moved the image below its link address)" : ""));

        LinearMap image = LinearMap.kernelImage(memory, physBase);
        long tasksOffset = scan.taskProbe.tasksOffset();
        long initTasks = initTask.va().value() + tasksOffset;
        long next = image.readLong(initTasks + scan.taskProbe.nextOffset());
        long directBase = DirectMapProbe.choose(DirectMapProbe.candidates(memory, next, initTasks, scan.taskProbe.prevOffset()), next);
        steps.add("page_offset_base: " + Hex.of(directBase) + ", the one 1 GiB-aligned base for which init_task.tasks.next ("
                + Hex.of(next) + ") points at a list head whose prev is &init_task.tasks");
        LinearMap linear = image.withDirectMap(directBase);

        UserTable user = firstUserTable(btf, linear, initTask.va().value(), directBase);
        TopTableProbe.Result tables = tables(user, initTask, next, directBase);
        steps.addAll(tables.steps());
        boolean kpti = KptiProbe.isKpti(memory, user.table());
        steps.add("KPTI: " + (kpti ? "on: the page after pid " + user.pid() + "'s table repeats its user half with NX cleared "
                + "(user CR3 = table | 0x1000)" : "off: the page after pid " + user.pid() + "'s table is not a user copy of it"));

        VersionProbe.UtsName uts = VersionProbe.utsName(btf, linear, initTask.va().value());
        String banner = VersionProbe.banner(memory, scan.bannerHits, uts);
        steps.add("version: " + uts.sysname() + " " + uts.release() + " " + uts.machine() + " from init_task.nsproxy->uts_ns->name"
                + (banner.contains("(") ? "; the banner from the kernel's rodata agrees" : "; no banner found, the line is made from the UTS name"));
        KernelClock clock = clock(btf, new AddressSpace(caches, tables.mode(), tables.table(), SoftwareEntryResolver.NONE));
        return new Discovery(btf, scan.btfAt, initTask.va(), initTask.at(), new Pa(physBase), new Va(directBase), tables.mode(),
                tables.table(), kpti, banner, uts.release(), Optional.ofNullable(clock), steps);
    }

    /** The kernel's wall clock from its timekeeper, or null (with the reason in the steps) when none is found. */
    private KernelClock clock(Btf btf, AddressSpace kernelSpace) {
        try {
            KernelClock clock = new ClockProbe(btf).find(kernelSpace);
            steps.add(clock == null ? "clock: no struct timekeeper in the kernel image: times stay relative to boot"
                    : "clock: struct timekeeper at " + clock.timekeeper() + ": last tick " + clock.lastTick()
                            + ", booted " + clock.boot() + " (offs_real)");
            return clock;
        } catch (MemoryException e) {
            steps.add("clock: not read (" + e.what() + "): times stay relative to boot");
            return null;
        }
    }

    private static String firstOf(List<String> rejections) {
        return rejections.isEmpty() ? "" : "; first: " + rejections.get(0);
    }

    /** A process's top table, found through the linear maps. */
    private record UserTable(int pid, Pa table) {
    }

    /** The first task on init_task's list with an {@code mm}: its {@code mm->pgd} as a physical address. */
    private UserTable firstUserTable(Btf btf, LinearMap linear, long initTask, long directBase) {
        long tasks = btf.requireField("task_struct", "tasks").offset();
        long mm = btf.requireField("task_struct", "mm").offset();
        long pid = btf.requireField("task_struct", "pid").offset();
        long pgd = btf.requireField("mm_struct", "pgd").offset();
        Set<Long> seen = new HashSet<>();
        long task = linear.readLong(initTask + tasks) - tasks;
        for (int i = 0; i < MAX_TASKS_FOR_TABLE && task != initTask && seen.add(task); i++) {
            try {
                long mmAddress = linear.readLong(task + mm);
                if (mmAddress != 0) {
                    long table = linear.readLong(mmAddress + pgd) - directBase;
                    return new UserTable(linear.readInt(task + pid), new Pa(table));
                }
                task = linear.readLong(task + tasks) - tasks;
            } catch (MemoryException e) {
                throw new KernelNotFoundException("the task list breaks at " + Hex.of(task) + " before any task with an mm: " + e.getMessage());
            }
        }
        throw new KernelNotFoundException("no task on init_task's list has an mm (a user address space) within "
                + MAX_TASKS_FOR_TABLE + " tasks: the kernel's top table cannot be found without one");
    }

    private TopTableProbe.Result tables(UserTable user, InitTaskProbe.Found initTask, long next, long directBase) {
        List<String> lines = new ArrayList<>();
        List<TopTableProbe.Landmark> landmarks = List.of(
                new TopTableProbe.Landmark("init_task", initTask.va(), initTask.at()),
                new TopTableProbe.Landmark("init_task.tasks.next", new Va(next), new Pa(next - directBase)));
        List<PagingMode> candidates;
        String why;
        CpuState cpu = memory.cpus().isEmpty() ? null : memory.cpus().get(0);
        if (cpu != null && cpu.pagingMode() != null) {
            candidates = List.of(cpu.pagingMode());
            why = "CR4 of vCPU " + cpu.cpu() + " in the image's notes (CR4 " + Hex.of(cpu.cr4()) + ")";
        } else {
            candidates = List.of(PagingMode.X64_4LEVEL, PagingMode.X64_5LEVEL);
            why = "no CPU registers in a " + memory.format() + " image: the mode under which pid " + user.pid()
                    + "'s table maps init_task and the direct map where they are";
        }
        List<PagingMode> fitting = TopTableProbe.modesThatTranslate(caches, user.table(), candidates, landmarks);
        if (fitting.size() > 1) {
            // a 4-level address must be canonical in 48 bits; a base outside that can only be 5-level
            fitting = List.of(PagingMode.X64_4LEVEL.isValid(directBase) ? PagingMode.X64_4LEVEL : PagingMode.X64_5LEVEL);
            why += "; both modes fit, page_offset_base decides";
        }
        if (fitting.isEmpty()) {
            throw new KernelNotFoundException("pid " + user.pid() + "'s top table at " + user.table() + " does not map init_task ("
                    + initTask.va() + " -> " + initTask.at() + ") in " + candidates.stream().map(PagingMode::displayName).toList());
        }
        PagingMode mode = fitting.get(0);
        lines.add("paging: " + mode.displayName() + ", from " + why);
        AddressSpace space = new AddressSpace(caches, mode, user.table(), SoftwareEntryResolver.NONE);
        Pa kernelTable = TopTableProbe.kernelTopTable(space);
        if (kernelTable != null) {
            lines.add("top table: " + kernelTable + " (swapper_pg_dir): the kernel-image page whose upper half equals that of pid "
                    + user.pid() + "'s table (mm->pgd " + user.table() + ") and whose user half is empty");
            return new TopTableProbe.Result(mode, kernelTable, lines);
        }
        lines.add("top table: " + user.table() + ", pid " + user.pid() + "'s (mm->pgd): no kernel-image page holds a user-free copy "
                + "of its upper half, and every process's table maps the kernel alike");
        return new TopTableProbe.Result(mode, user.table(), lines);
    }
}
