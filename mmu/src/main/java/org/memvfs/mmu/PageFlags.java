package org.memvfs.mmu;

/**
 * The access a mapping grants, combined over every level of its walk as the hardware combines
 * it: writable and user only if every level allows it, executable unless any level forbids it.
 */
public record PageFlags(boolean writable, boolean user, boolean executable, boolean global,
        boolean dirty, boolean accessed, boolean software) {

    /** Flags of a page found through a software entry: readable, nothing more known. */
    public static final PageFlags SOFTWARE_PAGE = new PageFlags(false, false, false, false, false, false, true);

    /** {@code r}, {@code w}, {@code x} or {@code -} in that order, as in {@code /proc/PID/maps}. */
    public String permissions() {
        return "r" + (writable ? 'w' : '-') + (executable ? 'x' : '-');
    }

    @Override
    public String toString() {
        return permissions() + (user ? " user" : " kernel") + (global ? " global" : "")
                + (software ? " software" : "");
    }
}
