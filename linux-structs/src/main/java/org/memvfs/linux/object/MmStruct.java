package org.memvfs.linux.object;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;

/** A thin view of an {@code mm_struct}, a process's user address space. Getters read on call. */
public final class MmStruct {
    private final KernelObjects objects;
    private final MmLayout layout;
    private final Va address;

    MmStruct(KernelObjects objects, Va address) {
        this.objects = objects;
        this.layout = objects.mmLayout();
        this.address = address;
    }

    public Va address() {
        return address;
    }

    private long word(long offset, String member) {
        return objects.memory().u64(address.plus(offset), "mm_struct." + member + " of " + address);
    }

    /** Corresponds to {@code mm_struct.pgd}: the top page table, as a direct-map address. */
    public Va pgd() {
        return new Va(word(layout.pgd, "pgd"));
    }

    /**
     * The physical address of {@code mm_struct.pgd}: the table CR3 holds while the process runs in
     * kernel mode (and, without KPTI, in user mode).
     */
    public Pa pgdTable() {
        Va pgd = pgd();
        Translation t = objects.memory().space().translate(pgd);
        return t.pa().orElseThrow(() -> new KernelReadException("mm_struct.pgd " + pgd + " of " + address
                + " does not translate: " + t.describe(), pgd, objects.memory().space().root()));
    }

    /** The process's memory as its own top table maps it. */
    public AddressSpace addressSpace() {
        return objects.memory().space().withRoot(pgdTable());
    }

    /** Corresponds to {@code mm_struct.map_count}: how many VMAs the kernel counts. */
    public int mapCount() {
        return objects.memory().u32(address.plus(layout.mapCount), "mm_struct.map_count of " + address);
    }

    /** Corresponds to {@code mm_struct.start_brk}: where the heap starts. */
    public Va startBrk() {
        return new Va(word(layout.startBrk, "start_brk"));
    }

    /** Corresponds to {@code mm_struct.brk}: where the heap ends now. */
    public Va brk() {
        return new Va(word(layout.brk, "brk"));
    }

    /** Corresponds to {@code mm_struct.start_stack}: the top of the main thread's stack at exec. */
    public Va startStack() {
        return new Va(word(layout.startStack, "start_stack"));
    }

    /** Corresponds to {@code mm_struct.arg_start}: where the argument strings start in user memory. */
    public Va argStart() {
        return new Va(word(layout.argStart, "arg_start"));
    }

    /** Corresponds to {@code mm_struct.arg_end}: one past the last argument byte. */
    public Va argEnd() {
        return new Va(word(layout.argEnd, "arg_end"));
    }

    /**
     * The command-line arguments: the NUL-separated strings from {@code arg_start} to
     * {@code arg_end} in the process's own memory, as {@code /proc/PID/cmdline} has them. Bytes of
     * pages that are not in memory read as NULs and make a problem line; so does an area longer
     * than the limit (it is cut there).
     */
    public WalkResult<String> arguments() {
        long start = argStart().value();
        long end = argEnd().value();
        if (Long.compareUnsigned(end, start) <= 0) {
            return new WalkResult<>(List.of(), List.of());
        }
        List<String> problems = new ArrayList<>();
        long length = end - start;
        if (length > objects.limits().maxCmdlineBytes()) {
            problems.add("the argument area is " + length + " bytes; the first " + objects.limits().maxCmdlineBytes() + " are read");
            length = objects.limits().maxCmdlineBytes();
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        ReadResult read = addressSpace().read(new Va(start), bytes);
        if (!read.isComplete()) {
            problems.add(read.absentBytes() + " of the " + length + " argument bytes at " + Hex.of(start)
                    + " are not in memory (read as NULs)");
        }
        List<String> arguments = new ArrayList<>();
        byte[] array = bytes.array();
        int from = 0;
        for (int i = 0; i <= array.length; i++) {
            if (i == array.length || array[i] == 0) {
                if (i < array.length || i > from) { // an empty argument counts, an empty tail does not
                    arguments.add(new String(array, from, i - from, StandardCharsets.UTF_8));
                }
                from = i + 1;
            }
        }
        return new WalkResult<>(arguments, problems);
    }

    /**
     * The VMAs in address order, from whichever index this kernel keeps: the maple tree
     * {@code mm_mt} (6.1 and later) or the list at {@code mm->mmap} (before).
     */
    public WalkResult<Vma> vmas() {
        return layout.hasMapleTree() ? vmasFromMapleTree() : vmasFromMmapList();
    }

    /** Each entry of {@code mm_mt} is a VMA covering its index range; entries that say otherwise are left out with a problem line. */
    private WalkResult<Vma> vmasFromMapleTree() {
        WalkResult<MapleTree.Entry> entries = objects.mapleTree().entries(address.plus(layout.mapleTree), "mm_mt of " + address);
        List<Vma> vmas = new ArrayList<>();
        List<String> problems = new ArrayList<>(entries.problems());
        for (MapleTree.Entry entry : entries.items()) {
            Vma vma = new Vma(objects, this, entry.value());
            try {
                long start = vma.start().value();
                long end = vma.end().value();
                Va owner = vma.mmAddress();
                if (start != entry.first() || end - 1 != entry.last() || !owner.equals(address)) {
                    problems.add("mm_mt of " + address + ": the entry for [" + Hex.of(entry.first()) + ", " + Hex.of(entry.last())
                            + "] points at " + entry.value() + ", a VMA of [" + Hex.of(start) + ", " + Hex.of(end) + ") in mm "
                            + owner + ": left out");
                    continue;
                }
                vmas.add(vma);
            } catch (MemoryException e) {
                problems.add("mm_mt of " + address + ": " + e.getMessage() + ": left out");
            }
        }
        return new WalkResult<>(vmas, problems);
    }

    /** The list from {@code mm->mmap} through {@code vm_area_struct.vm_next}, bounded and checked for order and loops. */
    private WalkResult<Vma> vmasFromMmapList() {
        List<Vma> vmas = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<Va> seen = new HashSet<>();
        try {
            Va next = objects.memory().pointer(address.plus(layout.mmapList), "mm_struct.mmap of " + address);
            long previousEnd = 0;
            while (next.value() != 0) {
                if (!seen.add(next)) {
                    problems.add("mmap list of " + address + " comes back to " + next + ": the list loops, the walk stops");
                    break;
                }
                if (vmas.size() >= objects.limits().maxRegions()) {
                    problems.add("mmap list of " + address + " has more than " + objects.limits().maxRegions() + " VMAs: the walk stops");
                    break;
                }
                Vma vma = new Vma(objects, this, next);
                if (Long.compareUnsigned(vma.start().value(), previousEnd) < 0) {
                    problems.add("mmap list of " + address + ": " + next + " starts below the VMA before it: the walk stops");
                    break;
                }
                vmas.add(vma);
                previousEnd = vma.end().value();
                next = vma.nextInList();
            }
        } catch (MemoryException e) {
            problems.add("mmap list of " + address + ": " + e.getMessage() + ": the walk stops");
        }
        return new WalkResult<>(vmas, problems);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MmStruct other && other.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "mm_struct " + address;
    }
}
