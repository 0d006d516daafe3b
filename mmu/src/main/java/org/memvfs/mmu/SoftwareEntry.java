package org.memvfs.mmu;

/**
 * What an operating system's rules say about an entry the hardware sees as not present: a page
 * still in memory ({@code page} not null), or why there is none.
 *
 * @param reason what kind of entry it is
 * @param page   the 4 KiB frame (or the next table) the entry still names, or null
 * @param detail more for the analyst, such as the paging file and offset; empty when none
 */
public record SoftwareEntry(StopReason reason, Pa page, String detail) {
    public static final SoftwareEntry NOT_PRESENT = new SoftwareEntry(StopReason.NOT_PRESENT, null, "");

    public static SoftwareEntry resolved(StopReason reason, Pa page, String detail) {
        return new SoftwareEntry(reason, page, detail);
    }

    public static SoftwareEntry unresolved(StopReason reason, String detail) {
        return new SoftwareEntry(reason, null, detail);
    }

    public boolean isResolved() {
        return page != null;
    }
}
