package org.memvfs.linux.locate;

import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/**
 * Finds {@code page_offset_base}, the start of the direct map, from one pointer into it:
 * {@code init_task.tasks.next} points at the next task's {@code tasks} member, a slab object in the
 * direct map. The base is 1 GiB aligned, so the pointer's physical address is its low 30 bits plus
 * a whole number of GiB; the right number is the one where that task's {@code tasks.prev} points
 * back at {@code &init_task.tasks}. A few GiB of memory give a few candidates, not a search.
 */
final class DirectMapProbe {
    private DirectMapProbe() {
    }

    /** The bases for which {@code pointer}'s list head points back at {@code back}, ascending. */
    static List<Long> candidates(PhysicalMemory memory, long pointer, long back, long prevOffset) {
        List<Long> bases = new ArrayList<>();
        long low = pointer & (KernelAddresses.DIRECT_MAP_ALIGNMENT - 1);
        for (long pa = low; Long.compareUnsigned(pa, memory.size()) < 0; pa += KernelAddresses.DIRECT_MAP_ALIGNMENT) {
            long base = pointer - pa;
            if (!KernelAddresses.isUpperHalf(base) || KernelAddresses.isKernelImage(base) || !holds(memory, pa + prevOffset)) {
                continue;
            }
            if (memory.readLong(new Pa(pa + prevOffset)) == back) {
                bases.add(base);
            }
        }
        return bases;
    }

    private static boolean holds(PhysicalMemory memory, long pa) {
        for (PhysicalRange range : memory.ranges()) {
            if (range.contains(new Pa(pa)) && range.contains(new Pa(pa + Long.BYTES - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The one base found, or the reason there is not exactly one. */
    static long choose(List<Long> bases, long pointer) {
        if (bases.size() == 1) {
            return bases.get(0);
        }
        throw new KernelNotFoundException(bases.isEmpty()
                ? "no 1 GiB-aligned direct-map base makes init_task.tasks.next (" + Hex.of(pointer) + ") point back at init_task"
                : "several direct-map bases fit init_task.tasks.next (" + Hex.of(pointer) + "): "
                        + bases.stream().map(Hex::of).toList());
    }
}
