package org.memvfs.mount;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.ImageFormat;
import org.memvfs.mmu.image.ImageOptions;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.vfs.RefreshPeriods;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.VfsOptions;
import org.memvfs.vfs.linux.LinuxOsKernel;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.win.WindowsOsKernel;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.locate.KernelHints;

/**
 * Opens an image and finds the operating-system kernel in it: what every command that shows the
 * tree starts with. Tries each kernel model in turn (Windows, then Linux) and, when none fits,
 * says what each found.
 */
final class KernelLoader {

    /**
     * What to open and how.
     *
     * @param live    whether {@code image} is the shared RAM file of a running QEMU guest
     * @param refresh how often a live tree refreshes
     */
    record Request(Path image, String format, Path memoryMap, Path symbols, String dtb, String profile, boolean readWrite,
            boolean live, RefreshPeriods refresh) {
        Request(Path image, String format, Path memoryMap, Path symbols, String dtb, String profile, boolean readWrite) {
            this(image, format, memoryMap, symbols, dtb, profile, readWrite, false, RefreshPeriods.DEFAULT);
        }

        static Request of(Path image) {
            return new Request(image, null, null, null, null, null, false);
        }

        /** The RAM file of a running guest, refreshed every {@code periods}. */
        static Request live(Path image, RefreshPeriods periods) {
            return new Request(image, null, null, null, null, null, false, true, periods);
        }

        Request withRefresh(RefreshPeriods periods) {
            return new Request(image, format, memoryMap, symbols, dtb, profile, readWrite, live, periods);
        }
    }

    /** An open image, the kernel found in it and the tree over it; closing stops the tree's refreshing and closes the image. */
    record Session(PhysicalMemory memory, OsKernel kernel, Vfs vfs) implements AutoCloseable {
        @Override
        public void close() {
            try {
                vfs.close();
            } finally {
                memory.close();
            }
        }
    }

    private KernelLoader() {
    }

    /** The image's physical memory, opened as {@code request} says. */
    static PhysicalMemory openMemory(Request request) {
        ImageOptions options = ImageOptions.DEFAULT.withWritable(request.readWrite());
        if (request.format() != null) {
            options = options.withFormat(ImageFormat.byId(request.format()));
        }
        if (request.live()) {
            if (options.format() != null && options.format() != ImageFormat.LIVE) {
                throw new IllegalArgumentException("--live reads the RAM file of a running guest; it cannot be read as --format "
                        + options.format().id() + " too");
            }
            options = options.withFormat(ImageFormat.LIVE);
        }
        if (request.memoryMap() != null) {
            options = options.withMemoryMap(request.memoryMap());
        }
        return MemoryImages.open(request.image(), options);
    }

    static Session open(Request request, PrintWriter progress) {
        PhysicalMemory memory = openMemory(request);
        try {
            if (progress != null) {
                progress.printf("memvfs: looking for a kernel in %s (%s)…%n", request.image(), memory.format());
                progress.flush();
            }
            MemoryCaches caches = new MemoryCaches();
            OsKernel kernel = findKernel(memory, caches, request);
            return new Session(memory, kernel, new Vfs(kernel, VfsOptions.DEFAULT.withWritableMemory(request.readWrite())
                    .withRefresh(request.refresh())));
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** The kernel in {@code memory}, trying each model in turn. */
    static OsKernel findKernel(PhysicalMemory memory, MemoryCaches caches, Request request) {
        List<String> tried = new ArrayList<>();
        try {
            return WindowsOsKernel.open(memory, caches, windowsOptions(request, memory.hints().orElse(DumpHints.NONE)));
        } catch (MemoryException e) {
            tried.add("Windows: " + e.getMessage());
        }
        try {
            return LinuxOsKernel.open(memory, caches);
        } catch (MemoryException e) {
            tried.add("Linux: " + e.getMessage());
        }
        throw new KernelNotFound("no kernel memvfs knows was found in " + request.image() + ":\n  " + String.join("\n  ", tried));
    }

    private static KernelOptions windowsOptions(Request request, DumpHints dump) {
        KernelOptions options = KernelOptions.DEFAULT.withHints(hintsFrom(dump));
        if (request.symbols() != null) {
            options = options.withSymbols(request.symbols());
        }
        if (request.profile() != null) {
            options = options.withProfile(request.profile());
        }
        if (request.dtb() != null) {
            options = options.withHints(options.hints().withDtb(new Pa(Hex.parseUnsigned(request.dtb())), null));
        }
        return options;
    }

    /** What a crash dump's header says about the kernel: used so the locator can skip its scans. */
    static KernelHints hintsFrom(DumpHints dump) {
        PagingMode mode = dump.machineImageType() == null ? null
                : dump.machineImageType() == DumpHints.MACHINE_AMD64 ? PagingMode.X64_4LEVEL
                : dump.machineImageType() == DumpHints.MACHINE_I386
                        ? (Boolean.FALSE.equals(dump.paeEnabled()) ? PagingMode.X86_32 : PagingMode.X86_PAE) : null;
        return KernelHints.NONE.withDtb(dump.directoryTableBase(), dump.directoryTableBase() == null ? null : mode)
                .withPsActiveProcessHead(dump.psActiveProcessHead())
                .withPsLoadedModuleList(dump.psLoadedModuleList())
                .withKdDebuggerDataBlock(dump.kdDebuggerDataBlock());
    }

    /** No kernel model recognised the image. */
    static final class KernelNotFound extends MemoryException {
        KernelNotFound(String what) {
            super(what, Context.NONE);
        }
    }
}
