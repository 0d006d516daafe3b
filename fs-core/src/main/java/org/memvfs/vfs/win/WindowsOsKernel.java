package org.memvfs.vfs.win;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.CrashDumpWriter;
import org.memvfs.vfs.Memo;
import org.memvfs.vfs.os.OsFile;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.WindowsKernel;
import org.memvfs.win.locate.Discovery;
import org.memvfs.win.object.WalkResult;
import org.memvfs.win.object.WinProcess;

/** A Windows kernel as the tree sees it: the adapter from win-structs' model to the OS-neutral interface. */
public final class WindowsOsKernel implements OsKernel {
    private static final long USER_SPACE_X64 = 1L << 47;
    private static final long USER_SPACE_X86 = 1L << 31;

    private final WindowsKernel kernel;
    private final PhysicalMemory memory;
    private final MemoryCaches caches;
    private volatile List<String> problems = List.of();

    private WindowsOsKernel(WindowsKernel kernel, PhysicalMemory memory, MemoryCaches caches) {
        this.kernel = kernel;
        this.memory = memory;
        this.caches = caches;
    }

    /**
     * Finds a Windows kernel in {@code memory}, with caches registered in {@code caches}.
     *
     * @throws org.memvfs.mmu.MemoryException when there is none, or no profile fits
     */
    public static WindowsOsKernel open(PhysicalMemory memory, MemoryCaches caches, KernelOptions options) {
        WindowsKernel kernel = WindowsKernel.open(new PagingCaches(memory, caches), options);
        return new WindowsOsKernel(kernel, memory, caches);
    }

    public WindowsKernel model() {
        return kernel;
    }

    @Override
    public String version() {
        return "Windows kernel build " + kernel.profile().buildNumber() + " " + architecture() + ", profile "
                + kernel.profile().id() + " (" + kernel.profile().build() + ")";
    }

    @Override
    public List<String> discovery() {
        return kernel.discoverySteps();
    }

    @Override
    public String regionFileName() {
        return "vad.txt";
    }

    @Override
    public String architecture() {
        return kernel.profile().is64Bit() ? "x64" : "x86";
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

    /**
     * The processes on the kernel's list. An entry whose pid, name, times or tables cannot be read is
     * left out and named in {@link #problems()}: it could not be shown as a directory anyway.
     */
    @Override
    public List<OsProcess> processes() {
        WalkResult<WinProcess> walk = kernel.processes();
        long userSpace = kernel.profile().is64Bit() ? USER_SPACE_X64 : USER_SPACE_X86;
        List<OsProcess> result = new ArrayList<>();
        List<String> found = new ArrayList<>(walk.problems());
        for (WinProcess process : walk.items()) {
            try {
                result.add(new WindowsOsProcess(process, userSpace));
            } catch (MemoryException e) {
                found.add("the process at EPROCESS " + process.address() + " is left out: " + e.what());
            }
        }
        problems = List.copyOf(found);
        return result;
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    @Override
    public Optional<Instant> imageTime() {
        return memory.hints().map(DumpHints::systemTime);
    }

    /**
     * {@code memory.dmp}: the image as a 64-bit full crash dump (MemProcFS offers the same), its
     * header filled from what discovery found, so that WinDbg and Volatility can open any image.
     */
    @Override
    public List<OsFile> rootFiles() {
        if (!kernel.profile().is64Bit()) {
            return List.of();
        }
        CrashDumpWriter dump = crashDump.get();
        return List.of(new OsFile("memory.dmp", dump.size(), dump::read));
    }

    private final Supplier<CrashDumpWriter> crashDump = new Memo<>(this::crashDump);

    private CrashDumpWriter crashDump() {
        Discovery found = kernel.discovery();
        DumpHints hints = DumpHints.NONE.withDirectoryTableBase(found.dtb())
                .withListHeads(found.psActiveProcessHead(), found.psLoadedModuleList().orElse(null))
                .withKdDebuggerDataBlock(found.kdDebuggerDataBlock().orElse(null))
                .withMachine(DumpHints.MACHINE_AMD64, null)
                .withBuild(kernel.profile().buildNumber(), null);
        return CrashDumpWriter.of(memory, hints);
    }
}
