package org.memvfs.win.sample;

import org.memvfs.mmu.Va;

/**
 * The recognisable string planted in one process's private memory, for grep tests: it occurs in
 * that process's memory and in no other's.
 *
 * @param text the ASCII text
 * @param pid  the process holding it
 * @param va   where it starts in that process
 */
public record SamplePlant(String text, int pid, Va va) {
}
