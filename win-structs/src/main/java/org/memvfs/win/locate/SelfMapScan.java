package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;

/**
 * Finds Windows' top page tables by their self-map: Windows maps its page tables into its own
 * address space by pointing one entry of a table back at a table of the same walk.
 * <ul>
 *   <li>x64: one kernel-half PML4 entry (index 256 to 511, randomised since Windows 10 1607) holds
 *       the PML4's own address, supervisor only. A real PML4 also has a few other present
 *       kernel-half entries and many empty ones, and no large-page bit (not allowed there).</li>
 *   <li>x86 PAE: page tables appear at 0xC0000000 and page directories at 0xC0600000, so the page
 *       directory of the top GiB (PDPT entry 3) has in its entries 0 to 3 the four page
 *       directories, entry 3 being itself. Such a directory gives the four directory addresses,
 *       and the PDPT is the 32-byte-aligned block of four present entries naming them in order.</li>
 *   <li>x86 32-bit: entry 0x300 of the page directory (0xC0000000 >> 22) points at the directory.</li>
 * </ul>
 * These are bits of the x86 paging formats, not of Windows structures. Each scan reads physical
 * memory once (the PAE one twice) and keeps at most a few candidates.
 */
final class SelfMapScan {
    private static final long PRESENT = 1;
    private static final long USER = 1 << 2;
    private static final long LARGE = 1 << 7;
    private static final long ADDRESS_52 = 0x000f_ffff_ffff_f000L;
    private static final long ADDRESS_32 = 0xffff_f000L;
    private static final long PAE_PDPTE_RESERVED = 0x8000_0000_0000_01e6L;
    private static final int KERNEL_HALF = 256;
    private static final int MIN_EMPTY = 128;
    private static final int PAE_SELF_MAP_INDEX = 3;
    private static final int X86_SELF_MAP_INDEX = 0x300;
    private static final int X86_KERNEL_HALF = 0x200;
    private static final long FOUR_GIB = 1L << 32;
    private static final int PDPT_BYTES = 32;
    /** How many tables a scan remembers: every process has one, and only one is needed. */
    private static final int KEEP = 64;

    /** A top table found, and how. */
    record Candidate(PagingMode mode, Pa root, String how) {
    }

    private SelfMapScan() {
    }

    /** x64 PML4s, those with the fewest user-half entries (System has none) first. */
    static List<Candidate> x64(PhysicalMemory memory, int max) {
        record Pml4(Pa pa, int selfIndex, int kernel, int user) {
        }
        List<Pml4> found = new ArrayList<>();
        long size = memory.size();
        PhysicalPages.forEach(memory, Long.MAX_VALUE, (page, chunk, offset) -> {
            int self = -1;
            int kernel = 0;
            int user = 0;
            int empty = 0;
            for (int i = 0; i < 512; i++) {
                long e = chunk.getLong(offset + i * 8);
                if (e == 0) {
                    empty++;
                    continue;
                }
                if ((e & PRESENT) == 0) {
                    continue;
                }
                long target = e & ADDRESS_52;
                if ((e & LARGE) != 0 || Long.compareUnsigned(target, size) >= 0) {
                    return true;
                }
                if (i < KERNEL_HALF) {
                    user++;
                } else {
                    kernel++;
                    if (target == page.value() && (e & USER) == 0) {
                        self = i;
                    }
                }
            }
            if (self >= 0 && kernel >= 2 && empty >= MIN_EMPTY) {
                found.add(new Pml4(page, self, kernel, user));
            }
            return found.size() < KEEP;
        });
        found.sort(Comparator.comparingInt(Pml4::user));
        List<Candidate> candidates = new ArrayList<>();
        for (Pml4 p : found.subList(0, Math.min(max, found.size()))) {
            candidates.add(new Candidate(PagingMode.X64_4LEVEL, p.pa(), "self-referencing PML4 at " + p.pa()
                    + " (entry " + Hex.of(p.selfIndex()) + " points back at it; " + p.kernel() + " kernel-half and "
                    + p.user() + " user-half entries present)"));
        }
        return candidates;
    }

    /** x86 PAE PDPTs found through the directory that maps the page tables at 0xC0000000. */
    static List<Candidate> pae(PhysicalMemory memory, int max) {
        Map<Long, long[]> byFirstDirectory = new HashMap<>();
        long size = Math.min(memory.size(), FOUR_GIB);
        PhysicalPages.forEach(memory, FOUR_GIB, (page, chunk, offset) -> {
            long[] directories = new long[4];
            for (int i = 0; i < 4; i++) {
                long e = chunk.getLong(offset + i * 8);
                if ((e & PRESENT) == 0 || (e & LARGE) != 0) {
                    return true;
                }
                directories[i] = e & ADDRESS_52;
                if (Long.compareUnsigned(directories[i], size) >= 0) {
                    return true;
                }
            }
            boolean distinct = directories[0] != directories[1] && directories[0] != directories[2]
                    && directories[1] != directories[2];
            if (directories[PAE_SELF_MAP_INDEX] == page.value() && distinct && directories[0] != page.value()) {
                byFirstDirectory.putIfAbsent(directories[0], directories);
            }
            return byFirstDirectory.size() < KEEP;
        });
        List<Candidate> candidates = new ArrayList<>();
        if (byFirstDirectory.isEmpty()) {
            return candidates;
        }
        PhysicalPages.forEach(memory, FOUR_GIB, (page, chunk, offset) -> {
            for (int slot = 0; slot < PhysicalPages.PAGE; slot += PDPT_BYTES) {
                long first = chunk.getLong(offset + slot);
                long[] directories = byFirstDirectory.get(first & ADDRESS_52);
                if (directories != null && isPdpt(chunk, offset + slot, directories)) {
                    Pa pdpt = page.plus(slot);
                    candidates.add(new Candidate(PagingMode.X86_PAE, pdpt, "PAE PDPT at " + pdpt
                            + " naming the directories " + new Pa(directories[0]) + ", " + new Pa(directories[1]) + ", "
                            + new Pa(directories[2]) + ", " + new Pa(directories[3])
                            + "; the last maps the four at 0xC0600000 (the page-table self-map)"));
                    if (candidates.size() >= max) {
                        return false;
                    }
                }
            }
            return true;
        });
        return candidates;
    }

    private static boolean isPdpt(ByteBuffer chunk, int at, long[] directories) {
        for (int i = 0; i < 4; i++) {
            long e = chunk.getLong(at + i * 8);
            if ((e & PRESENT) == 0 || (e & PAE_PDPTE_RESERVED) != 0 || (e & ADDRESS_52) != directories[i]) {
                return false;
            }
        }
        return true;
    }

    /** x86 32-bit page directories whose entry 0x300 points back at them. */
    static List<Candidate> x86(PhysicalMemory memory, int max) {
        List<Candidate> candidates = new ArrayList<>();
        long size = Math.min(memory.size(), FOUR_GIB);
        PhysicalPages.forEach(memory, FOUR_GIB, (page, chunk, offset) -> {
            long self = chunk.getInt(offset + X86_SELF_MAP_INDEX * 4) & 0xffff_ffffL;
            if ((self & PRESENT) == 0 || (self & LARGE) != 0 || (self & ADDRESS_32) != page.value()) {
                return true;
            }
            int kernel = 0;
            int empty = 0;
            for (int i = 0; i < 1024; i++) {
                long e = chunk.getInt(offset + i * 4) & 0xffff_ffffL;
                if (e == 0) {
                    empty++;
                } else if ((e & PRESENT) != 0 && i >= X86_KERNEL_HALF) {
                    if ((e & LARGE) == 0 && (e & ADDRESS_32) >= size) {
                        return true;
                    }
                    kernel++;
                }
            }
            if (kernel >= 2 && empty >= MIN_EMPTY) {
                candidates.add(new Candidate(PagingMode.X86_32, page, "32-bit page directory at " + page
                        + " (entry 0x300 points back at it: page tables at 0xC0000000)"));
            }
            return candidates.size() < max;
        });
        return candidates;
    }
}
