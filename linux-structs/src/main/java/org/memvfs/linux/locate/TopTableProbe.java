package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;

/**
 * Finds the paging mode and the kernel's own top table ({@code swapper_pg_dir}, the root of
 * {@code init_mm}) from one process's top table, which a raw image's tasks give without CR3:
 * {@code mm->pgd} is a direct-map address. Every process's table carries a copy of the kernel's
 * upper-half entries, so it already maps the kernel; the mode is the one under which it translates
 * both init_task's kernel-image address and a direct-map address to where discovery found them.
 * {@code swapper_pg_dir} itself is the page of the kernel image whose upper half equals the
 * process's and whose user half is empty.
 */
final class TopTableProbe {
    /** The kernel image's mapping: {@code KERNEL_IMAGE_SIZE} is at most 1 GiB from {@code __START_KERNEL_map}. */
    static final long KERNEL_IMAGE_SPAN = 1L << 30;
    private static final int ENTRIES = 512;

    /** A translation that the right mode must reproduce. */
    record Landmark(String name, Va va, Pa pa) {
    }

    /** What was found: the mode, the kernel's table (or the process's, when the kernel's is not found), and why. */
    record Result(PagingMode mode, Pa table, List<String> steps) {
    }

    private TopTableProbe() {
    }

    /** The modes under which {@code table} translates every landmark as expected. */
    static List<PagingMode> modesThatTranslate(PagingCaches caches, Pa table, List<PagingMode> modes, List<Landmark> landmarks) {
        List<PagingMode> fitting = new ArrayList<>();
        for (PagingMode mode : modes) {
            AddressSpace space = new AddressSpace(caches, mode, table, SoftwareEntryResolver.NONE);
            boolean all = true;
            for (Landmark landmark : landmarks) {
                Translation t = space.walk(landmark.va());
                all &= t.isMapped() && t.pa().orElseThrow().equals(landmark.pa());
            }
            if (all) {
                fitting.add(mode);
            }
        }
        return fitting;
    }

    /**
     * The page of the kernel image (as {@code space} maps it) whose upper-half entries equal
     * those of {@code space}'s root and whose lower half is empty, or null when there is none.
     */
    static Pa kernelTopTable(AddressSpace space) {
        long[] reference = entries(space, space.root());
        Va first = new Va(KernelAddresses.KERNEL_IMAGE_BASE);
        Va last = first.plus(KERNEL_IMAGE_SPAN - 1);
        List<MappedRun> runs = space.mappings(first, last).toList();
        for (MappedRun run : runs) {
            for (long offset = 0; offset < run.length(); offset += KernelAddresses.PAGE_SIZE) {
                Translation t = space.translate(run.start().plus(offset));
                Pa page = t.pa().orElse(null);
                if (page != null && !page.equals(space.root()) && isKernelOnlyCopy(space, page, reference)) {
                    return page;
                }
            }
        }
        return null;
    }

    private static boolean isKernelOnlyCopy(AddressSpace space, Pa page, long[] reference) {
        ByteBuffer table = ByteBuffer.allocate(KernelAddresses.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (!space.memory().read(page, table).isComplete()) {
            return false;
        }
        // the last entry maps the kernel image itself: the cheapest test first
        if (table.getLong(8 * (ENTRIES - 1)) != reference[ENTRIES - 1]) {
            return false;
        }
        for (int i = 0; i < ENTRIES; i++) {
            long entry = table.getLong(8 * i);
            if (i < KernelAddresses.USER_TOP_ENTRIES ? entry != 0 : entry != reference[i]) {
                return false;
            }
        }
        return true;
    }

    private static long[] entries(AddressSpace space, Pa table) {
        ByteBuffer bytes = ByteBuffer.allocate(KernelAddresses.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (!space.memory().read(table, bytes).isComplete()) {
            throw new MemoryException("the top table is outside the image's memory", MemoryException.Context.NONE.withPa(table));
        }
        long[] entries = new long[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            entries[i] = bytes.getLong(8 * i);
        }
        return entries;
    }
}
