package org.memvfs.win.sample;

import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/**
 * A user page whose PTE the builder left not present on purpose, with what the entry says.
 *
 * @param va        the page
 * @param kind      what the entry is
 * @param page      for TRANSITION and PROTOTYPE: the frame that still holds the page's bytes; else null
 * @param pageFile  for PAGED_OUT: the paging file number; else -1
 * @param pageFileOffset for PAGED_OUT: the byte offset in the paging file; else -1
 */
public record SampleSoftwarePage(Va va, Kind kind, Pa page, int pageFile, long pageFileOffset) {

    /** The kinds of not-present user PTEs the sample holds. */
    public enum Kind {
        TRANSITION, PROTOTYPE, PAGED_OUT
    }
}
