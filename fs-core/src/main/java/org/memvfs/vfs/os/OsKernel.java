package org.memvfs.vfs.os;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PhysicalMemory;

/**
 * What the file tree asks of an operating-system kernel found in an image: its processes and a few
 * facts about it. Windows and Linux models each implement it in an adapter; the tree's generic
 * code knows nothing else about them.
 */
public interface OsKernel {

    /** One line naming the system, as {@code sys/version.txt} shows it. */
    String version();

    /** Lines of detail about how the kernel was found, for {@code sys/version.txt} after the first line. */
    List<String> discovery();

    /** The name of the per-process region list in {@code memmap/}: {@code vad.txt} on Windows, {@code vma.txt} on Linux. */
    String regionFileName();

    /** {@code x64}, {@code x86} … as {@code sys/architecture.txt} shows it. */
    String architecture();

    PhysicalMemory memory();

    /** The kernel's address space (the System process's tables). */
    AddressSpace kernelSpace();

    /** The caches of this image, for statistics and for the tree's own rendered files. */
    MemoryCaches caches();

    /** The processes as the kernel lists them now; problems met while walking are in {@link #problems()}. */
    List<OsProcess> processes();

    /** What could not be read while listing processes, one line each; empty when all went well. */
    List<String> problems();

    /** When the image was taken, if the kernel says (for file times); else empty. */
    Optional<Instant> imageTime();

    /** Files the operating system adds at the root of the tree ({@code memory.dmp} on Windows); none by default. */
    default List<OsFile> rootFiles() {
        return List.of();
    }

    /**
     * Whether memory changes under the reader (a live VM): caches must be refreshed and the
     * process list re-read. By default, whether {@link #memory()} is live.
     */
    default boolean isLive() {
        return memory().isLive();
    }
}
