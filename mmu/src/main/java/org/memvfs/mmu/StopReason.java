package org.memvfs.mmu;

/** Why a page walk ended without a page, or how a page was found in software. */
public enum StopReason {
    /** The entry's present bit is clear and nothing else is known about it. */
    NOT_PRESENT("not present"),
    /** The address is not canonical (x86-64) or beyond 4 GiB (x86). */
    NON_CANONICAL("address not canonical"),
    /** A present entry has bits set that the hardware requires to be zero. */
    RESERVED_BITS("reserved bits set"),
    /** The PS bit is set at a level where no large page may be. */
    LARGE_PAGE_NOT_ALLOWED("large page where none may be"),
    /** The next table lies outside the physical memory the image holds. */
    TABLE_OUTSIDE_MEMORY("table outside physical memory"),
    /** A software entry says the page is in transition (still in memory, not mapped). */
    TRANSITION("transition"),
    /** A software entry points at a prototype entry shared between mappings. */
    PROTOTYPE("prototype"),
    /** A software entry says the page is in a paging file. */
    PAGED_OUT("paged out"),
    /** A software entry says the page is zero-filled on first touch. */
    DEMAND_ZERO("demand zero"),
    /** A software entry the resolver could not classify. */
    SOFTWARE("software entry");

    private final String text;

    StopReason(String text) {
        this.text = text;
    }

    /** The reason as analysts read it in {@code map.txt}. */
    public String text() {
        return text;
    }
}
