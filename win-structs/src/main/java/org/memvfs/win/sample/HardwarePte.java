package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * The bits of a valid x86 page-table entry. The hardware bits are architectural (Intel SDM vol. 3,
 * "4-level paging" and "PAE paging" entry formats), the same for every Windows build; the one
 * software bit Windows sets in valid entries, {@code _MMPTE_HARDWARE.Write} (the page is writable
 * as far as the memory manager is concerned), comes from the profile when it has it.
 */
final class HardwarePte {
    static final long PRESENT = 1L;
    static final long READ_WRITE = 1L << 1;
    static final long USER = 1L << 2;
    static final long ACCESSED = 1L << 5;
    static final long DIRTY = 1L << 6;
    static final long PAGE_SIZE = 1L << 7;
    static final long GLOBAL = 1L << 8;
    static final long NO_EXECUTE = 1L << 63;
    static final long FRAME_MASK = 0x000F_FFFF_FFFF_F000L;

    private final long softwareWrite;

    HardwarePte(WindowsProfile profile) {
        this.softwareWrite = profile.has("_MMPTE_HARDWARE", "Write")
                ? 1L << profile.bitField("_MMPTE_HARDWARE", "Write").bitPosition() : 0;
    }

    /** An entry that points at a lower-level table. */
    long table(long tablePa, boolean user) {
        return (tablePa & FRAME_MASK) | PRESENT | READ_WRITE | ACCESSED | DIRTY | (user ? USER | softwareWrite : 0);
    }

    /** A leaf entry for a 4 KiB page. */
    long page(long pa, PageAccess access) {
        long e = (pa & FRAME_MASK) | PRESENT | ACCESSED;
        if (access.writable()) {
            e |= READ_WRITE | DIRTY | softwareWrite;
        }
        if (access.user()) {
            e |= USER;
        }
        if (!access.executable()) {
            e |= NO_EXECUTE;
        }
        return e;
    }

    /** A leaf entry for a 2 MiB page (PS set, global as Windows maps its boot image). */
    long largePage(long pa, PageAccess access) {
        return page(pa, access) | PAGE_SIZE | GLOBAL;
    }

    /** The self-reference entry: the table maps itself, kernel-only and not executable. */
    long selfReference(long tablePa) {
        return (tablePa & FRAME_MASK) | PRESENT | READ_WRITE | ACCESSED | DIRTY | NO_EXECUTE;
    }

    static boolean isPresent(long entry) {
        return (entry & PRESENT) != 0;
    }

    static long frameOf(long entry) {
        return entry & FRAME_MASK;
    }
}
