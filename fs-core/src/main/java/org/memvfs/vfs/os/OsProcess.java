package org.memvfs.vfs.os;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/** A process as the file tree needs it. Getters may read the image; callers cache what they render. */
public interface OsProcess {

    int pid();

    int ppid();

    /** The short name the kernel keeps (15 characters on Windows, 16 bytes of comm on Linux). */
    String name();

    /** One line: {@code running}, or how it ended. */
    String state();

    boolean isRunning();

    Optional<Instant> createTime();

    Optional<Instant> exitTime();

    /** The top page table the process runs under (its kernel-mode root). */
    Pa dtb();

    /** The user-mode root under KPTI, when there is one. */
    Optional<Pa> userDtb();

    /** The process's memory as its own tables map it. */
    AddressSpace addressSpace();

    /** One past the highest user address: the size of {@code memory.vmem}. */
    long userSpaceSize();

    List<OsThread> threads();

    /** The process's memory regions (VADs, VMAs), ascending by start. */
    List<OsRegion> regions();

    /**
     * The region list in the operating system's own text shape, one line per region of
     * {@link #regions()} in the same order, without newlines (Linux: the lines of
     * {@code /proc/PID/maps}); empty, the default, when the tree's own fixed-width table shows them.
     */
    default Optional<List<String>> regionLines() {
        return Optional.empty();
    }

    List<OsModule> modules();

    /** Per-process text files the operating system adds ({@code win-cmdline.txt} …), by name. */
    List<OsTextFile> textFiles();

    /** What could not be read about this process, one line each. */
    List<String> problems();

    /** What could not be read while listing {@link #threads()}, one line each; {@code threads.txt} shows them. */
    default List<String> threadProblems() {
        return List.of();
    }

    /** What could not be read while listing {@link #regions()}, one line each; the region list shows them. */
    default List<String> regionProblems() {
        return List.of();
    }

    /** What could not be read while listing {@link #modules()}, one line each; {@code modules.txt} shows them. */
    default List<String> moduleProblems() {
        return List.of();
    }
}
