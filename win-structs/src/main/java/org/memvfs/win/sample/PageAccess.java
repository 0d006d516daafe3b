package org.memvfs.win.sample;

/**
 * What a leaf mapping allows, as its page-table entry says it.
 *
 * @param writable   the R/W bit (and Windows' software Write bit)
 * @param user       the U/S bit; user pages have it at every level of the walk
 * @param executable false sets NX, as Windows does for data, heaps, stacks and NX pool
 */
record PageAccess(boolean writable, boolean user, boolean executable) {
    static final PageAccess KERNEL_DATA = new PageAccess(true, false, false);
    static final PageAccess KERNEL_READONLY = new PageAccess(false, false, false);
    static final PageAccess KERNEL_CODE = new PageAccess(false, false, true);
    /** ntoskrnl's large pages hold code and data together, so they are writable and executable. */
    static final PageAccess KERNEL_IMAGE = new PageAccess(true, false, true);
    static final PageAccess USER_DATA = new PageAccess(true, true, false);
    static final PageAccess USER_READONLY = new PageAccess(false, true, false);
    static final PageAccess USER_CODE = new PageAccess(false, true, true);
}
