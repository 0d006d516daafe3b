package org.memvfs.win.locate;

import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;

/**
 * A candidate top page table of the kernel.
 *
 * @param how        where it came from, for the discovery report
 * @param entryPoint the kernel's entry point when the source knew it (the x64 low stub), or null
 */
record TopTable(PagingMode mode, Pa root, String how, Va entryPoint) {
}
